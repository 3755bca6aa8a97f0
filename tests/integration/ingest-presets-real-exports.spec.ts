import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '@credpulse/ingest';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testHandle, truncateFacts } from './support/test-db.js';

// The shipped presets load real export layouts (tests/fixtures/presets/ORIGIN.md) without a mapping
// of one's own: places from the location text, SOCs from the titles.

let t: TestApp;
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/presets/${name}`, import.meta.url));
const deps = (): IngestDeps => ({ ds: t.ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} });

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
}, 120_000);
afterAll(async () => t?.close());

describe('ingest presets', () => {
  it('nyc-jobs: Internal and External copies of a Job ID are one posting; NYC addresses land in their boroughs', async () => {
    const r = await ingestFile(deps(), { format: 'postings-csv', file: 'nyc-jobs.csv', source: createReadStream(fixture('nyc-jobs.csv')), mapping: getPreset('nyc-jobs').mapping });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 4, rejected: 0, duplicates: 1 });
    const rows = await t.ds.query(`SELECT source_key, employer, title, county_fips, salary_unit, salary_annual::int AS annual, posted_date::text, expires_date::text FROM job_posting ORDER BY source_key`);
    const socs = await t.ds.query(`SELECT source_key, soc_code, soc_source FROM job_posting WHERE soc_code IS NOT NULL ORDER BY source_key`);
    expect(socs.find((x: { source_key: string }) => x.source_key === '587213')).toEqual({ source_key: '587213', soc_code: '29-1141', soc_source: 'coded' });
    expect(socs.find((x: { source_key: string }) => x.source_key === '591002')?.soc_code).toMatch(/^(11|13|15)-/);
    expect(rows).toEqual([
      { source_key: '587213', employer: 'DEPT OF HEALTH/MENTAL HYGIENE', title: 'Public Health Nurse', county_fips: '36061', salary_unit: 'year', annual: 86500, posted_date: '2025-03-04', expires_date: '2025-04-03' },
      { source_key: '590114', employer: 'DEPARTMENT OF TRANSPORTATION', title: 'Highway Repairer', county_fips: '36061', salary_unit: 'hour', annual: 63024, posted_date: '2025-03-10', expires_date: null },
      { source_key: '591002', employer: 'NYC HOUSING AUTHORITY', title: 'Senior IT Project Manager', county_fips: '36047', salary_unit: 'year', annual: 127500, posted_date: '2025-03-12', expires_date: null },
      { source_key: '591450', employer: 'DEPT OF PARKS & RECREATION', title: 'City Seasonal Aide', county_fips: '36081', salary_unit: 'hour', annual: 38584, posted_date: '2025-03-15', expires_date: null },
    ]);
  });

  it('usajobs: "City, State, United States" lists become every place, salary types their units, titles their SOCs', async () => {
    const r = await ingestFile(deps(), { format: 'postings-csv', file: 'usajobs.csv', source: createReadStream(fixture('usajobs-historical.csv')), mapping: getPreset('usajobs').mapping });
    expect(r).toMatchObject({ status: 'succeeded', accepted: 4, rejected: 0 });
    const rows = await t.ds.query(`SELECT source_key, county_fips, remote, salary_unit, soc_code FROM job_posting WHERE source_key LIKE '77%' ORDER BY source_key`);
    expect(rows).toEqual([
      { source_key: '773775000', county_fips: '21121', remote: false, salary_unit: 'year', soc_code: '19-5011' },
      { source_key: '773920500', county_fips: '11001', remote: false, salary_unit: 'year', soc_code: '15-2041' },
      { source_key: '774100200', county_fips: '13021', remote: false, salary_unit: 'hour', soc_code: expect.anything() },
      { source_key: '774100300', county_fips: null, remote: true, salary_unit: 'year', soc_code: '29-1141' },
    ]);
    const places = await t.ds.query(`SELECT l.county_fips FROM posting_location l JOIN job_posting p ON p.id = l.posting_id WHERE p.source_key = '773920500' ORDER BY 1`);
    expect(places).toEqual([{ county_fips: '11001' }, { county_fips: '24033' }]);
  });

  it('the HTTP upload takes ?preset= and refuses an unknown one or one for another format', async () => {
    const admin = await t.apiKey('admin');
    const bad = await t.http().post('/api/ingest/postings-csv?preset=monster&dryRun=true').set('X-API-Key', admin).set('Content-Type', 'text/csv').send('title,posted_date\nA,2025-01-01\n');
    expect(bad.status).toBe(400);
    const wrong = await t.http().post('/api/ingest/awards-csv?preset=usajobs&dryRun=true').set('X-API-Key', admin).set('Content-Type', 'text/csv').send('x\n');
    expect(wrong.status).toBe(400);
    const ok = await t
      .http()
      .post('/api/ingest/postings-csv?preset=usajobs&dryRun=true')
      .set('X-API-Key', admin)
      .set('Content-Type', 'text/csv')
      .send('control_number,position_title,position_open_date,locations\n1,Economist,2024-03-01,"Dallas, Texas, United States"\n');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ accepted: 1, rejected: 0 });
  });
});
