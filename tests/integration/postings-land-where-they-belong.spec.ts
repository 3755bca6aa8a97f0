import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostingsResponse } from '@credpulse/contracts';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testHandle, truncateFacts } from './support/test-db.js';

// Issue 12: postings that carry place text, not FIPS codes, land in their counties; a posting
// naming several places counts once nationally and once in any region holding one of them.

let t: TestApp;
let key: string;
let admin: string;
const huge = 'Austin TX '.repeat(1100); // 11 KB of location text

const CSV = [
  'id,employer,title,location,city,zip,state,county_fips,posted_date,description',
  'p1,Acme,Data Analyst,"Seattle, WA | Portland, Oregon, United States | Seattle, Washington",,,,,2025-03-03,SQL',
  'p2,Acme,Nurse,"Austin, TX 78701",,,,,2025-03-04,',
  'p3,Acme,Welder,,Brooklyn,11201,NY,,2025-03-05,',
  'p4,Acme,Clerk,Remote,,,,,2025-03-06,',
  'p5,Acme,Driver,"Nowhereville, TX",,,,,2025-03-07,',
  `p6,Acme,Cook,"${huge}",,,,,2025-03-08,`,
  'p7,Acme,Teacher,"Toronto, ON, Canada",,,,,2025-03-09,',
  'p8,Acme,Engineer,"Austin, TX",,,,06037,2025-03-10,',
  'p9,Acme,Electrician,,,00000,,,2025-03-11,',
  'p10,Acme,Planner,"Macon, Georgia, United States | Atlanta, Georgia, United States",,,,,2025-03-12,',
].join('\n');

const JSONLD = JSON.stringify([
  {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    identifier: 'jl1',
    title: 'Software Engineer',
    datePosted: '2025-03-13',
    jobLocation: [
      { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Kirkland', addressRegion: 'WA', postalCode: '98033', addressCountry: 'US' } },
      { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Portland', addressRegion: 'OR' } },
    ],
  },
  {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    identifier: 'jl2',
    title: 'Analyst',
    datePosted: '2025-03-14',
    jobLocationType: 'TELECOMMUTE',
    applicantLocationRequirements: { '@type': 'State', name: 'Texas' },
  },
  {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    identifier: 'jl3',
    title: 'Analyst',
    datePosted: '2025-03-15',
    jobLocation: { address: { addressLocality: 'Toronto', addressRegion: 'ON', addressCountry: 'CA' } },
  },
]);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  key = await t.apiKey('viewer');
  admin = await t.apiKey('admin');
}, 120_000);
afterAll(async () => t?.close());

const deps = (): IngestDeps => ({ ds: t.ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} });

describe('postings with place text', () => {
  it('loads every posting (no rejects), places it from the text, and warns naming what it could not place', async () => {
    const r = await ingestFile(deps(), { format: 'postings-csv', file: 'places.csv', source: Readable.from([Buffer.from(CSV)]) });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 10, rejected: 0 });
    const warned = r.warnings.map((w) => `${w.line}:${w.field}:${w.reason}`).join('\n');
    expect(warned).toMatch(/^6:location:.*Nowhereville/m);
    expect(warned).toMatch(/^7:location:.*characters long/m);
    expect(warned).toMatch(/^8:location:.*Toronto.*outside the United States/m);
    expect(warned).toMatch(/^10:zip:.*ZIP 00000/m);
    const rows: Record<string, unknown>[] = await t.ds.query(
      `SELECT source_key, county_fips, state_fips, remote, location_method, location_confidence FROM job_posting ORDER BY id`,
    );
    const by = Object.fromEntries(rows.map((x) => [x.source_key, x]));
    expect(by.p1).toMatchObject({ county_fips: '53033', state_fips: '53', location_method: 'place' });
    expect(by.p2).toMatchObject({ county_fips: '48453', location_method: 'zip', location_confidence: 1 });
    expect(by.p3).toMatchObject({ county_fips: '36047', location_method: 'zip' });
    expect(by.p4).toMatchObject({ county_fips: null, state_fips: null, remote: true });
    expect(by.p5).toMatchObject({ county_fips: null, state_fips: '48', location_method: 'state' });
    expect(by.p6).toMatchObject({ county_fips: null, state_fips: null });
    expect(by.p7).toMatchObject({ county_fips: null, state_fips: null });
    expect(by.p8).toMatchObject({ county_fips: '06037', location_method: 'fips' }); // given FIPS win over the text
    expect(by.p9).toMatchObject({ county_fips: null, state_fips: null });
    const places = await t.ds.query(`SELECT p.source_key, l.county_fips FROM posting_location l JOIN job_posting p ON p.id = l.posting_id ORDER BY 1, 2`);
    expect(places).toEqual([
      { source_key: 'p1', county_fips: '41051' },
      { source_key: 'p1', county_fips: '53033' },
      { source_key: 'p10', county_fips: '13021' },
      { source_key: 'p10', county_fips: '13121' },
    ]);
  });

  it('reads schema.org jobLocation addresses and applicantLocationRequirements, and keeps non-US postings without a region', async () => {
    const r = await ingestFile(deps(), { format: 'jobposting', file: 'jobs.jsonld', source: Readable.from([Buffer.from(JSONLD)]) });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 3, rejected: 0 });
    expect(r.warnings.some((w) => w.field === 'jobLocation' && /Toronto.*outside the United States/.test(w.reason))).toBe(true);
    const rows: Record<string, unknown>[] = await t.ds.query(`SELECT source_key, county_fips, state_fips, remote FROM job_posting WHERE source_key LIKE ':jl%' ORDER BY 1`);
    expect(rows).toEqual([
      { source_key: ':jl1', county_fips: '53033', state_fips: '53', remote: false },
      { source_key: ':jl2', county_fips: null, state_fips: '48', remote: true },
      { source_key: ':jl3', county_fips: null, state_fips: null, remote: false },
    ]);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM posting_location l JOIN job_posting p ON p.id = l.posting_id WHERE p.source_key = ':jl1'`);
    expect(n).toBe(2);
  });

  it('counts a posting once nationally and once in each county, CBSA or custom region holding any of its places', async () => {
    await refreshRollups(t.ds);
    const total = async (q: string) => {
      const res = await t.http().get(`/api/metrics/postings?from=2025-03&to=2025-03&${q}`).set('X-API-Key', key);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as PostingsResponse).totals.total;
    };
    expect(await total('')).toBe(13);
    expect(await total('region=county:41051')).toBe(2); // Portland: p1 and jl1, through their second place
    expect(await total('region=county:53033')).toBe(2); // Seattle (p1), Kirkland (jl1)
    expect(await total('region=cbsa:38900')).toBe(2); // Portland-Vancouver-Hillsboro
    expect(await total('region=county:13121')).toBe(1); // Atlanta, second place of p10
    const res = await t
      .http()
      .post('/api/regions/custom')
      .set('X-API-Key', admin)
      .send({ name: 'Cascadia', counties: ['53033', '41051'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await total(`region=custom:${res.body.id}`)).toBe(2); // p1 and jl1 have places in both counties: once each
  });

  it('codes titles without a SOC, keeps given SOCs as given, and socSource=given leaves the coded ones out', async () => {
    const csv = 'id,title,soc_code,posted_date\ng1,Registered Nurse,29-1141,2025-03-20\ng2,RN - Med/Surg - Nights,,2025-03-21\ng3,"?!?",,2025-03-22\n';
    const r = await ingestFile(deps(), { format: 'postings-csv', file: 'titles.csv', source: Readable.from([Buffer.from(csv)]) });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 3, rejected: 0 });
    expect(r.warnings.some((w) => w.line === 4 && w.field === 'title' && /no words to code/.test(w.reason))).toBe(true);
    const rows = await t.ds.query(
      `SELECT source_key, soc_code, soc_source, soc_method, soc_confidence > 0.45 AS sure FROM job_posting WHERE source_key IN ('g1', 'g2', 'g3', 'p2', ':jl1') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { source_key: ':jl1', soc_code: '15-1252', soc_source: 'coded', soc_method: 'exact', sure: true },
      { source_key: 'g1', soc_code: '29-1141', soc_source: 'given', soc_method: null, sure: null },
      { source_key: 'g2', soc_code: '29-1141', soc_source: 'coded', soc_method: 'exact', sure: true },
      { source_key: 'g3', soc_code: null, soc_source: null, soc_method: null, sure: null },
      { source_key: 'p2', soc_code: '29-1141', soc_source: 'coded', soc_method: 'exact', sure: true },
    ]);
    const total = async (q: string) => {
      const res = await t.http().get(`/api/metrics/postings?from=2025-03&to=2025-03&soc=29-1141${q}`).set('X-API-Key', key);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as PostingsResponse).totals.total;
    };
    expect(await total('')).toBe(3);
    expect(await total('&socSource=given')).toBe(1);
    const bad = await t.http().get('/api/metrics/postings?socSource=maybe').set('X-API-Key', key);
    expect(bad.status).toBe(400);
  });
});
