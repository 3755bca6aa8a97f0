import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostingsResponse, ProgramDemandResponse, RecognitionResponse } from '@credpulse/contracts';
import { getPreset } from '@credpulse/ingest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testHandle, truncateFacts } from './support/test-db.js';

// Issue 12, "Done means": real postings (the schema.org examples, real USAJOBS announcements and
// the USAJOBS export layout) land with counties and SOCs, and the county, CBSA and custom-region
// views the dashboard draws from count them. Coded SOCs feed recognition denominators and program
// demand exactly as given ones do.

let t: TestApp;
let viewer: string;
let admin: string;
const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
// one extractor cache for every file (building the extractor is the slow part of a small ingest)
const extractorCache = {};
const deps = (): IngestDeps => ({ ds: t.ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache });
const api = async <T>(path: string): Promise<T> => {
  const res = await t.http().get(path).set('X-API-Key', viewer);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
};

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  viewer = await t.apiKey('viewer');
  admin = await t.apiKey('admin');
}, 120_000);
afterAll(async () => t?.close());

describe('real samples after ingest', () => {
  it('the schema.org examples and the USAJOBS export layout land in counties, with SOCs', async () => {
    const runs: number[] = [];
    for (const f of ['eg-0028.jsonld', 'eg-0251.jsonld', 'eg-0465.jsonld']) {
      const r = await ingestFile(deps(), { format: 'jobposting', file: f, source: createReadStream(fixture(`samples/schemaorg_jobposting/${f}`)) });
      expect(r, `${f}: ${JSON.stringify(r.errors)}`).toMatchObject({ accepted: 1, rejected: 0 });
      runs.push(r.runId!);
    }
    // only eg-0028 names a place (Kirkland, WA); all three are software developers (two give an
    // O*NET-SOC 2010 code, mapped to SOC 2018; one is coded from its title)
    const schema = await t.ds.query(`SELECT county_fips, soc_code, soc_source FROM job_posting WHERE ingest_run_id = ANY($1) ORDER BY ingest_run_id`, [runs]);
    expect(schema).toEqual([
      { county_fips: '53033', soc_code: '15-1252', soc_source: 'given' },
      { county_fips: null, soc_code: '15-1252', soc_source: 'given' },
      { county_fips: null, soc_code: '15-1252', soc_source: 'coded' },
    ]);
    const us = await ingestFile(deps(), { format: 'postings-csv', file: 'usajobs.csv', source: createReadStream(fixture('presets/usajobs-historical.csv')), mapping: getPreset('usajobs').mapping });
    expect(us).toMatchObject({ accepted: 4, rejected: 0 });
    const usRows: { county_fips: string | null; soc_code: string | null; remote: boolean }[] = await t.ds.query(`SELECT county_fips, soc_code, remote FROM job_posting WHERE ingest_run_id = $1`, [us.runId]);
    // every announcement naming a place has its county (the fourth is "Remote"); every one has a SOC
    expect(usRows.filter((x) => !x.remote).map((x) => Boolean(x.county_fips))).toEqual([true, true, true]);
    expect(usRows.every((x) => x.soc_code)).toBe(true);
  }, 120_000);

  it('198 real Department of Labor announcements (usajobs preset): none rejected, at least 90% get a SOC from their titles', async () => {
    const r = await ingestFile(deps(), {
      format: 'postings-csv',
      file: 'usajobs_dol.csv',
      source: createReadStream(fixture('samples/usajobs/usajobs_dol_2024_2025_every9th.csv')),
      mapping: getPreset('usajobs').mapping,
    });
    // 773775000 is also in the export-layout fixture loaded above: one posting, not loaded again
    expect(r).toMatchObject({ status: 'succeeded', accepted: 197, duplicates: 1, rejected: 0 });
    const [q] = await t.ds.query(
      `SELECT count(*)::int AS n, count(soc_code)::int AS soc, count(*) FILTER (WHERE soc_source = 'coded')::int AS coded FROM job_posting WHERE ingest_run_id = $1`,
      [r.runId],
    );
    expect(q.n).toBe(197);
    expect(q.coded).toBe(q.soc); // the sample gives no SOC: every one is coded
    console.log(`real USAJOBS titles (Department of Labor, every 9th): ${q.soc} of ${q.n} coded (${((100 * q.soc) / q.n).toFixed(1)}%)`);
    expect(q.soc / q.n).toBeGreaterThanOrEqual(0.9);
    // titles a careful coder agrees with (tests/fixtures/occupation, origin usajobs-dol)
    const soc = async (title: string) => ((await t.ds.query(`SELECT DISTINCT soc_code FROM job_posting WHERE title = $1 AND ingest_run_id = $2`, [title, r.runId])) as { soc_code: string }[]).map((x) => x.soc_code);
    expect(await soc('Mine Safety and Health Inspector')).toEqual(['19-5011']);
  });

  it('county, CBSA and custom-region views count them (the filters the dashboard sends)', async () => {
    await refreshRollups(t.ds);
    const total = async (q: string) => (await api<PostingsResponse>(`/api/metrics/postings?from=2011-01&to=2025-12&${q}`)).totals.total;
    expect(await total('region=county:53033')).toBe(1); // Kirkland, WA (schema.org eg-0028)
    expect(await total('region=cbsa:42660')).toBe(1); // Seattle-Tacoma-Bellevue
    expect(await total('region=county:21121')).toBe(1); // Barbourville, KY: Knox County (USAJOBS layout)
    expect(await total('region=county:24033')).toBe(1); // Suitland, MD: the second place of a BLS announcement
    expect(await total('region=county:11001')).toBe(1); // its first place, Washington, DC
    expect(await total('region=cbsa:47900')).toBe(1); // both places are in Washington-Arlington-Alexandria: once
    const res = await t.http().post('/api/regions/custom').set('X-API-Key', admin).send({ name: 'Samples', counties: ['53033', '21121', '11001', '24033'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await total(`region=custom:${res.body.id}`)).toBe(3);
    // the map's county breakdown shows them under their first place
    const byCounty = await api<PostingsResponse>('/api/metrics/postings?from=2011-01&to=2025-12&groupBy=county&limit=100');
    const keys = JSON.stringify(byCounty.rows);
    for (const c of ['53033', '21121', '11001']) expect(keys).toContain(c);
  });
});

describe('coded SOCs in recognition and program demand', () => {
  it('a posting coded from its title counts in the target-SOC denominator and in program openings, as a given SOC would', async () => {
    await truncateFacts(t.ds);
    // registered nurses: three coded from titles, one given
    const csv = [
      'id,employer,title,soc_code,county_fips,posted_date,description',
      'n1,General Hospital,Registered Nurse - ICU - Nights,,53033,2025-02-03,Care for patients.',
      'n2,General Hospital,RN Med/Surg,,53033,2025-02-04,Care for patients.',
      'n3,Valley Clinic,Staff Nurse (Registered),,53033,2025-02-05,Care for patients.',
      'n4,Valley Clinic,Nurse,29-1141,53033,2025-02-06,Care for patients.',
    ].join('\n');
    const r = await ingestFile(deps(), { format: 'postings-csv', file: 'nurses.csv', source: Readable.from([Buffer.from(csv)]) });
    expect(r).toMatchObject({ accepted: 4, rejected: 0 });
    const socs = await t.ds.query(`SELECT source_key, soc_code, soc_source FROM job_posting ORDER BY 1`);
    expect(socs).toEqual([
      { source_key: 'n1', soc_code: '29-1141', soc_source: 'coded' },
      { source_key: 'n2', soc_code: '29-1141', soc_source: 'coded' },
      { source_key: 'n3', soc_code: '29-1141', soc_source: 'coded' },
      { source_key: 'n4', soc_code: '29-1141', soc_source: 'given' },
    ]);
    await refreshRollups(t.ds);
    // recognition: every credential whose only target SOC is 29-1141 has all four as its denominator
    const [cred] = await t.ds.query(
      `SELECT credential_id AS id FROM credential_soc GROUP BY credential_id HAVING count(*) = 1 AND bool_and(soc_code = '29-1141') ORDER BY 1 LIMIT 1`,
    );
    expect(cred, 'the catalog has a credential for registered nurses').toBeTruthy();
    for (const region of ['', '&region=county:53033', '&region=cbsa:42660']) {
      const rec = await api<RecognitionResponse>(`/api/metrics/recognition?from=2025-01&to=2025-03&credential=${cred.id}${region}`);
      expect(rec.rows.find((x) => x.key === String(cred.id))?.postings, region).toBe(4);
    }
    // program demand: Registered Nursing (CIP 51.3801 -> SOC 29-1141) sees four openings
    const pd = await api<ProgramDemandResponse>('/api/metrics/program-demand?from=2025-01&to=2025-03&cip=51.3801');
    expect(pd.rows.find((x) => x.cip === '51.3801')?.openings).toBe(4);
    // the postings endpoint can leave the coded ones out; the default counts them like given ones
    const nurses = async (q: string) => (await api<PostingsResponse>(`/api/metrics/postings?from=2025-01&to=2025-03&soc=29-1141${q}`)).totals.total;
    expect([await nurses(''), await nurses('&socSource=given')]).toEqual([4, 1]);
  });
});

describe('bad place and title text over HTTP: a warning and the posting kept without that field', () => {
  it('empty, 10 KB and binary locations, a punctuation-only title and a ZIP that does not exist: 200, nothing rejected', async () => {
    const csv = [
      'source_key,employer,title,location,zip,posted_date',
      'b1,Acme,Welder,,,2025-04-01',
      `b2,Acme,Welder,"${'Austin, TX '.repeat(1000)}",,2025-04-02`,
      'b3,Acme,Welder,"\u0000\u0001\u0002PNG\ufffd\ufffd",,2025-04-03',
      'b4,Acme,"?!?.,;","Austin, TX",,2025-04-04',
      'b5,Acme,Welder,,00000,2025-04-05',
      'b6,Acme,Welder,"|||",,2025-04-06',
    ].join('\n');
    const res = await t.http().post('/api/ingest/postings-csv?filename=bad-places.csv').set('X-API-Key', admin).set('Content-Type', 'text/csv').send(Buffer.from(csv));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ accepted: 6, rejected: 0 });
    const warned = (res.body.warnings as { line: number; field: string; reason: string }[]).map((w) => `${w.line}:${w.field}:${w.reason}`).join('\n');
    expect(warned).toMatch(/^3:location:.*characters long/m);
    expect(warned).toMatch(/^4:location:.*binary/m);
    expect(warned).toMatch(/^5:title:.*no words to code/m);
    expect(warned).toMatch(/^6:zip:.*00000/m);
    const rows = await t.ds.query(`SELECT source_key, county_fips, state_fips, soc_code FROM job_posting WHERE source_key LIKE 'b_' ORDER BY 1`);
    expect(rows).toEqual([
      { source_key: 'b1', county_fips: null, state_fips: null, soc_code: '51-4121' },
      { source_key: 'b2', county_fips: null, state_fips: null, soc_code: '51-4121' },
      { source_key: 'b3', county_fips: null, state_fips: null, soc_code: '51-4121' },
      { source_key: 'b4', county_fips: '48453', state_fips: '48', soc_code: null },
      { source_key: 'b5', county_fips: null, state_fips: null, soc_code: '51-4121' },
      { source_key: 'b6', county_fips: null, state_fips: null, soc_code: '51-4121' },
    ]);
  });
});
