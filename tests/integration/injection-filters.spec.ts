import { RECORD_DATASETS } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Issue 7: every filter parameter of every metric and export endpoint, with classic SQL-injection
// payloads. The answer is a 400 naming the parameter, or (for free-text search) a correct answer to
// the literal text; nothing is ever executed: the tables are all there and their counts unchanged.
const PAYLOADS = [
  "' OR 1=1 --",
  "06'; DROP TABLE job_posting; --",
  '1) UNION SELECT password_hash, NULL FROM app_user --',
  "state:06' OR '1'='1",
  'county:06037); DELETE FROM job_posting; --',
  '$1',
  '’ OR ’1’=’1', // unicode quotes
  "06\u0000'; DROP TABLE job_posting; --", // NUL byte
  "\\'; SELECT pg_sleep(5); --",
  "2025-01' AND (SELECT count(*) FROM app_user) > 0 --",
];
const RECORD_PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit', 'baseFrom', 'k'];
// Each endpoint's own filters (the FilterSpec accept lists, plus k on the people metrics); a
// parameter an endpoint does not take is refused before anything else, so one stands in for them.
const METRIC_PARAMS: Record<string, string[]> = {
  postings: ['from', 'to', 'region', 'naics', 'soc', 'groupBy', 'granularity', 'limit'],
  recognition: ['from', 'to', 'region', 'naics', 'credential', 'groupBy', 'limit'],
  'skill-gap': ['from', 'to', 'region', 'naics', 'skill', 'groupBy', 'limit'],
  'program-demand': ['from', 'to', 'region', 'cip', 'groupBy', 'limit'],
  'program-skills': ['from', 'to', 'region', 'naics', 'cip', 'limit'],
  concentration: ['from', 'to', 'region', 'naics', 'soc', 'groupBy', 'limit', 'baseFrom'],
  outcomes: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'groupBy', 'limit', 'k'],
  equity: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'limit', 'k'],
  pathways: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'limit', 'k'],
  saturation: ['from', 'to', 'region', 'skill', 'provider', 'limit'],
};
const METRICS = Object.keys(METRIC_PARAMS);
const paramsOf = (m: string) => [...METRIC_PARAMS[m], 'unknownFilter'];
// (audit_log is left out: record-level exports are audited, as they should be)
const WATCHED = ['job_posting', 'app_user', 'api_key', 'state', 'county', 'credential', 'credential_award', 'learner_outcome', 'skill'];

let t: TestApp;
let viewer: string;
let researcher: string;
let counts: Record<string, number>;

async function tableCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of WATCHED) {
    const [{ exists }] = await t.ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
    expect(exists, `table ${table} still exists`).toBe(true);
    out[table] = (await t.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp({ recordExports: true });
  await truncateFacts(t.ds);
  await t.ds.query(`
    INSERT INTO job_posting(source_key, title, posted_date, state_fips, county_fips)
    SELECT 'inj-' || g, 'Registered Nurse ' || g, DATE '2025-01-01' + g, '06', '06037' FROM generate_series(1, 12) g`);
  viewer = await t.apiKey('viewer');
  researcher = await t.apiKey('researcher');
  counts = await tableCounts();
  expect(counts.job_posting).toBe(12);
});
afterAll(async () => t?.close());

/** A 400 naming the parameter, or a 200 whose answer holds nothing (the literal matched nothing). */
function expectRefusedOrEmpty(res: { status: number; body: unknown; headers: Record<string, string> }, what: string, param: string): void {
  if (res.status === 400) {
    expect(res.headers['content-type'], what).toMatch(/application\/problem\+json/);
    expect((res.body as { parameter?: string }).parameter, what).toBe(param);
    return;
  }
  expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  const rows = (res.body as { rows?: unknown[] })?.rows;
  if (rows) expect(rows, what).toEqual([]);
}

describe('SQL injection in every filter of every metric endpoint', () => {
  for (const m of METRICS) {
    it(`GET /api/metrics/${m}: every payload in every parameter is refused, nothing runs`, async () => {
      for (const param of paramsOf(m)) {
        for (const payload of PAYLOADS) {
          const res = await t.http().get(`/api/metrics/${m}`).query({ [param]: payload }).set('X-API-Key', viewer);
          expectRefusedOrEmpty(res, `${m} ${param}=${JSON.stringify(payload)}`, param);
        }
      }
      expect(await tableCounts()).toEqual(counts);
    });
  }
});

describe('SQL injection in every filter of every export endpoint', () => {
  // (program-skills has no export view yet)
  for (const m of METRICS.filter((x) => x !== 'program-skills')) {
    it(`GET /api/exports/metrics/${m}: every payload in every parameter is refused`, async () => {
      for (const param of [...paramsOf(m), 'format', 'bundle']) {
        for (const payload of PAYLOADS) {
          const res = await t.http().get(`/api/exports/metrics/${m}`).query({ format: 'csv', [param]: payload }).set('X-API-Key', viewer);
          expect(res.status, `${m} ${param}=${JSON.stringify(payload)}`).toBe(400);
          expect(res.body.parameter).toBe(param);
        }
      }
      expect(await tableCounts()).toEqual(counts);
    });
  }
  for (const d of RECORD_DATASETS) {
    it(`GET /api/exports/${d} (record level, researcher): every payload in every parameter is refused`, async () => {
      for (const param of [...RECORD_PARAMS, 'format', 'bundle']) {
        for (const payload of PAYLOADS) {
          const res = await t.http().get(`/api/exports/${d}`).query({ format: 'csv', [param]: payload }).set('X-API-Key', researcher);
          const what = `${d} ${param}=${JSON.stringify(payload)}`;
          if (res.status === 200) expect(res.headers['x-credpulse-row-count'], `${what} exported rows`).toBe('0');
          else {
            expect(res.status, what).toBe(400);
            expect(res.body.parameter, what).toBe(param);
          }
        }
      }
      expect(await tableCounts()).toEqual(counts);
    });
  }
  it('the dataset name itself is not an injection point', async () => {
    for (const payload of PAYLOADS) {
      const res = await t.http().get(`/api/exports/${encodeURIComponent(payload)}`).query({ format: 'csv' }).set('X-API-Key', researcher);
      expect([400, 404], JSON.stringify(payload)).toContain(res.status);
    }
    expect(await tableCounts()).toEqual(counts);
  });
});

describe('SQL injection in free-text search', () => {
  it('taxonomy and region searches treat the payload as literal text', async () => {
    for (const payload of PAYLOADS) {
      for (const path of ['/api/taxonomy/naics', '/api/taxonomy/skills', '/api/taxonomy/credentials', '/api/regions']) {
        const res = await t.http().get(path).query({ q: payload }).set('X-API-Key', viewer);
        if (res.status === 400) {
          expect(res.body.parameter, `${path} q=${JSON.stringify(payload)}`).toBe('q');
          continue;
        }
        expect(res.status, `${path} q=${JSON.stringify(payload)}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
        // "OR 1=1" must not turn the search into "everything": at most a handful of fuzzy matches
        const items = (res.body.items ?? res.body.rows ?? res.body.regions ?? []) as unknown[];
        expect(items.length, `${path} q=${JSON.stringify(payload)}`).toBeLessThan(50);
      }
    }
    expect(await tableCounts()).toEqual(counts);
  });
});
