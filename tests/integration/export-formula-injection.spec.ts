import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FORMULA_PAYLOADS } from '../fuzz/generators.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Values from third-party feeds (employer names, titles, demographic labels) must never come back
// as live spreadsheet formulas in a CSV the product writes (OWASP CSV injection): a text cell that
// starts with = + - @, a tab or a carriage return gets a leading single quote; numbers stay numbers;
// Arrow and Parquet keep the value as stored.

const ROOT = join(import.meta.dirname, '../..');
const postgres = inject('databaseMode') === 'postgres';

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Every cell of a parsed CSV that a spreadsheet would evaluate. */
const liveFormulas = (rows: string[][]) => rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c));

describe('CSV exports neutralise spreadsheet formulas from uploaded values', () => {
  let t: TestApp;
  let key: string;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({ recordExports: true, anonymousViewer: true });
    await truncateFacts(t.ds);
    const fx = await loadExportFixture(t.ds, 40);
    // postings whose employer and title are the payloads, one with a negative number (stays a number)
    for (const [i, p] of FORMULA_PAYLOADS.entries()) {
      await t.ds.query(
        `INSERT INTO job_posting(source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, salary_annual, degree_level)
         VALUES ($1, $2, $3, '5415', '15-1211', $4, '06', DATE '2025-05-01', $5, 0)`,
        [`fx:formula${i}`, p, `${p} title`, fx.counties[0].fips, i === 0 ? -1500.5 : 50_000],
      );
    }
    // awards whose demographic values are payloads, enough of each (>= k) that equity shows the group
    for (const [i, p] of ['@SUM(1)', '=1+1 cred'].entries()) {
      await t.ds.query(
        `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, sex, race_ethnicity)
         SELECT 'fx:fa${i}-' || g, 'FA${i}-' || g, $1, DATE '2025-02-01' + g, $2, '06', $3, $4 FROM generate_series(1, 15) g`,
        [fx.credentialIds[0], fx.counties[0].fips, p, `${p} race`],
      );
    }
    await refreshRollups(t.ds);
    key = await t.apiKey('researcher');
    dir = mkdtempSync(join(tmpdir(), 'credpulse-formula-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, apiKey: string | null = key) => {
    const r = t.http().get(path);
    return (apiKey ? r.set('X-API-Key', apiKey) : r).buffer(true).parse(binary);
  };

  it('record export CSV (COPY path): every payload in employer and title comes back quoted as text, negative numbers stay numbers', async () => {
    const res = await get('/api/exports/postings?format=csv&from=2025-05&to=2025-05');
    expect(res.status).toBe(200);
    const rows = parse(res.body as Buffer, { columns: true, relax_quotes: true }) as Record<string, string>[];
    const bySource = new Map(rows.map((r) => [r.source_key, r]));
    for (const [i, p] of FORMULA_PAYLOADS.entries()) {
      const r = bySource.get(`fx:formula${i}`);
      expect(r?.employer).toBe(`'${p}`);
      expect(r?.title).toBe(`'${p} title`);
    }
    expect(bySource.get('fx:formula0')?.salary_annual).toBe('-1500.5');
    expect(liveFormulas(rows.map((r) => Object.values(r)).filter((r) => r !== undefined))).toEqual(['-1500.5']);
  });

  it('record export inside bundle=zip: the awards CSV has the demographic payloads quoted', async () => {
    const res = await get('/api/exports/awards?format=csv&bundle=zip');
    expect(res.status).toBe(200);
    const zfile = join(dir, 'awards.zip');
    writeFileSync(zfile, res.body as Buffer);
    const csvName = execFileSync('unzip', ['-Z1', zfile]).toString().trim().split('\n').find((n) => n.endsWith('.csv')) as string;
    const rows = parse(execFileSync('unzip', ['-p', zfile, csvName]), { columns: true }) as Record<string, string>[];
    const sexes = new Set(rows.map((r) => r.sex));
    expect(sexes).toContain("'@SUM(1)");
    expect(sexes).toContain("'=1+1 cred");
    expect(liveFormulas(rows.map((r) => Object.values(r)))).toEqual([]);
    const meta = JSON.parse(execFileSync('unzip', ['-p', zfile, csvName.replace(/\.csv$/, '.meta.json')]).toString());
    expect(meta.notes.join(' ')).toMatch(/single quote.*Arrow and Parquet keep every value/);
  });

  it('metric export CSV (streamed path), anonymous: equity groups named by payloads are quoted, numbers unchanged', async () => {
    const res = await get('/api/exports/metrics/equity?from=2025-01&to=2025-12&dimension=sex&format=csv', null);
    expect(res.status).toBe(200);
    const rows = parse(res.body as Buffer, { columns: true }) as Record<string, string>[];
    const groups = rows.map((r) => r.group);
    expect(groups).toContain("'@SUM(1)");
    expect(groups).toContain("'=1+1 cred");
    expect(liveFormulas(rows.map((r) => Object.values(r)))).toEqual([]);
    // numbers are written as numbers (no quote): the awards column parses as an integer
    expect(rows.every((r) => r.awards === '' || /^\d+$/.test(r.awards))).toBe(true);
  });

  it('Arrow keeps the values exactly as stored (typed readers do not evaluate them)', async () => {
    const res = await get('/api/exports/postings?format=arrow&from=2025-05&to=2025-05');
    const table = tableFromIPC(res.body as Buffer);
    const employers = new Set(table.getChild('employer')?.toArray() as string[]);
    for (const p of FORMULA_PAYLOADS) expect(employers).toContain(p);
    expect(JSON.parse(table.schema.metadata.get('credpulse.provenance') as string).notes.join(' ')).toMatch(/Arrow and Parquet keep every value exactly as stored/);
  });

  it.skipIf(!postgres)('CLI export to CSV quotes the payloads as well', () => {
    const out = join(dir, 'cli.csv');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/credpulse.mjs'), 'export', 'postings', '--format', 'csv', '--out', out, '--from', '2025-05', '--to', '2025-05'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), CREDPULSE_RECORD_EXPORTS: 'true', CREDPULSE_SECRET: 'formula-test-secret-0123' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    const employers = new Set(rows.map((x) => x.employer));
    for (const p of FORMULA_PAYLOADS) expect(employers).toContain(`'${p}`);
  }, 300_000);
});
