import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import pl from 'nodejs-polars';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExportFixture, type ExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Record-level exports read back by readers other than the writer: DuckDB for Parquet, Polars for
// Arrow, csv-parse for CSV; counts and sums compared with SQL over the same filters.

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('record-level exports', () => {
  let on: TestApp;
  let fx: ExportFixture;
  let key: string;
  let dir: string;

  beforeAll(async () => {
    // one app (the embedded database takes one connection); the setting is switched off in one test
    on = await startTestApp({ recordExports: true });
    await truncateFacts(on.ds);
    await on.ds.query('TRUNCATE audit_log');
    fx = await loadExportFixture(on.ds);
    key = await on.apiKey('researcher');
    dir = mkdtempSync(join(tmpdir(), 'credpulse-export-'));
  });
  afterAll(async () => {
    await on?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (t: TestApp, path: string, apiKey = key) => t.http().get(path).set('X-API-Key', apiKey).buffer(true).parse(binary);

  async function sqlTotals(where: string, params: unknown[]) {
    const [r] = await on.ds.query(`SELECT count(*)::int AS n, coalesce(sum(salary_annual), 0)::float8 AS s FROM job_posting WHERE ${where}`, params);
    return { n: r.n as number, s: r.s as number };
  }

  it('refuses record-level exports with 403 problem+json saying how to enable them when the setting is off', async () => {
    on.config.recordExports = false;
    const res = await on.http().get('/api/exports/postings?format=csv').set('X-API-Key', key);
    on.config.recordExports = true;
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/CREDPULSE_RECORD_EXPORTS=true/);
  });

  it('refuses record-level exports to a role below researcher even when enabled', async () => {
    const analyst = await on.apiKey('analyst');
    const res = await on.http().get('/api/exports/awards?format=csv').set('X-API-Key', analyst);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/researcher/);
  });

  it('names the allowed values for an unknown dataset, format or parameter', async () => {
    const ds = await on.http().get('/api/exports/postingz?format=csv').set('X-API-Key', key);
    expect(ds.status).toBe(400);
    expect(ds.body.parameter).toBe('dataset');
    expect(ds.body.allowed).toContain('postings');
    expect(ds.body.suggestion).toBe('postings');
    const fmt = await on.http().get('/api/exports/postings?format=xls').set('X-API-Key', key);
    expect(fmt.status).toBe(400);
    expect(fmt.body.allowed).toEqual(['arrow', 'parquet', 'csv', 'xlsx']);
    const bad = await on.http().get('/api/exports/postings?format=csv&region=state:6').set('X-API-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('region');
    const unknown = await on.http().get('/api/exports/postings?format=csv&regoin=state:06').set('X-API-Key', key);
    expect(unknown.body.parameter).toBe('regoin');
    expect(unknown.body.suggestion).toBe('region');
  });

  it('Parquet of California postings in H1 2025 reads in DuckDB with the same count and salary sum as SQL, provenance in the key-value metadata', async () => {
    const res = await get(on, '/api/exports/postings?format=parquet&region=state:06&from=2025-01&to=2025-06');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(res.headers['content-disposition']).toMatch(/filename="credpulse_postings_from-2025-01_to-2025-06_region-state-06_\d{4}-\d{2}-\d{2}\.parquet"/);
    const file = join(dir, 'ca.parquet');
    writeFileSync(file, res.body as Buffer);
    const expected = await sqlTotals(`state_fips = '06' AND posted_date >= '2025-01-01' AND posted_date < '2025-07-01'`, []);
    expect(expected.n).toBeGreaterThan(10);

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`SELECT count(*)::INTEGER AS n, coalesce(sum(salary_annual), 0)::DOUBLE AS s, count(*) FILTER (WHERE salary_annual IS NULL)::INTEGER AS nulls, min(posted_date)::VARCHAR AS first FROM read_parquet('${file}')`)).getRowObjects();
    expect(rows[0].n).toBe(expected.n);
    expect(rows[0].s).toBeCloseTo(expected.s, 6);
    expect(rows[0].nulls).toBeGreaterThan(0);
    expect(String(rows[0].first) >= '2025-01-01').toBe(true);
    const kv = (await duck.runAndReadAll(`SELECT decode(key)::VARCHAR AS k, decode(value)::VARCHAR AS v FROM parquet_kv_metadata('${file}')`)).getRowObjects();
    const meta = new Map(kv.map((r) => [String(r.k), String(r.v)]));
    expect(meta.get('credpulse.dataset')).toBe('postings');
    expect(Number(meta.get('credpulse.rowCount'))).toBe(expected.n);
    expect(JSON.parse(meta.get('credpulse.filters')!)).toEqual({ from: '2025-01', to: '2025-06', region: 'state:06' });
    const dict = JSON.parse(meta.get('credpulse.dataDictionary')!) as { name: string; unit: string | null }[];
    expect(dict.find((c) => c.name === 'salary_annual')?.unit).toBe('USD per year');
    expect(meta.get('credpulse.methodVersion')).toBe('records-1');
    expect(JSON.parse(meta.get('credpulse.taxonomyVersions')!)).toHaveProperty('soc');
    const types = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjects();
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toMatchObject({ posting_id: 'BIGINT', posted_date: 'DATE', salary_annual: 'DOUBLE', in_lieu: 'BOOLEAN', degree_level: 'SMALLINT' });
    duck.closeSync();
  });

  it('Arrow stream of all postings reads in Polars with the right count, sums and text (quotes, commas, non-ASCII); the schema carries the dictionary', async () => {
    const res = await get(on, '/api/exports/postings?format=arrow');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const body = res.body as Buffer;
    const df = pl.readIPCStream(body);
    const expected = await sqlTotals('true', []);
    expect(df.height).toBe(expected.n);
    expect(df.getColumn('salary_annual').sum()).toBeCloseTo(expected.s, 6);
    expect(df.getColumn('salary_annual').nullCount()).toBe(Math.ceil(240 / 7));
    const titles = df.getColumn('title').toArray() as string[];
    expect(titles).toContain('Analyst, "Data" 0 – Zoë');
    const [{ remote }] = await on.ds.query(`SELECT count(*) FILTER (WHERE remote)::int AS remote FROM job_posting`);
    expect(df.getColumn('remote').cast(pl.Int32).sum()).toBe(remote);
    const [{ maxId }] = await on.ds.query(`SELECT max(id)::int AS "maxId" FROM job_posting`);
    expect(Number(df.getColumn('posting_id').max())).toBe(maxId);

    const schema = tableFromIPC(body).schema;
    expect(Number(schema.metadata.get('credpulse.rowCount'))).toBe(expected.n);
    const prov = JSON.parse(schema.metadata.get('credpulse.provenance')!);
    expect(prov).toMatchObject({ dataset: 'postings', format: 'arrow', recordLevel: true, k: 10, rowCount: expected.n });
    expect(schema.fields.find((f) => f.name === 'salary_annual')?.metadata.get('unit')).toBe('USD per year');
  });

  it('CSV of posting skills for one skill matches SQL by level, and the zip bundle holds the CSV and its .meta.json', async () => {
    const skill = fx.skills[0];
    const res = await on.http().get(`/api/exports/posting-skills?format=csv&skill=${encodeURIComponent(skill)}&naics=54`).set('X-API-Key', key);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const records = parse(res.text, { columns: true }) as Record<string, string>[];
    const expected: { level: number; n: number }[] = await on.ds.query(
      `SELECT ps.level, count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE ps.skill_id = $1 AND p.naics_code LIKE '54%' GROUP BY 1 ORDER BY 1`,
      [skill],
    );
    expect(records.length).toBe(expected.reduce((a, r) => a + r.n, 0));
    for (const e of expected) expect(records.filter((r) => Number(r.level) === e.level).length).toBe(e.n);
    expect(new Set(records.map((r) => r.skill_id))).toEqual(new Set([skill]));
    expect(Number(res.headers['x-credpulse-row-count'])).toBe(records.length);
    const metaOnly = await on.http().get(`/api/exports/posting-skills/meta?skill=${encodeURIComponent(skill)}&naics=54`).set('X-API-Key', key);
    expect(metaOnly.body).toMatchObject({ dataset: 'posting-skills', rowCount: records.length, recordLevel: true });
    const [last] = await on.ds.query(`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(last.action).toBe('export.records.meta');

    const zip = await get(on, `/api/exports/posting-skills?format=csv&bundle=zip&skill=${encodeURIComponent(skill)}&naics=54`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const zfile = join(dir, 'bundle.zip');
    writeFileSync(zfile, zip.body as Buffer);
    const listing = execFileSync('unzip', ['-Z1', zfile]).toString().trim().split('\n');
    expect(listing).toHaveLength(2);
    const metaName = listing.find((n) => n.endsWith('.meta.json'))!;
    const csvName = listing.find((n) => n.endsWith('.csv'))!;
    const meta = JSON.parse(execFileSync('unzip', ['-p', zfile, metaName]).toString());
    const csv = parse(execFileSync('unzip', ['-p', zfile, csvName]), { columns: true }) as unknown[];
    expect(meta.rowCount).toBe(csv.length);
    expect(meta.filters).toEqual({ naics: '54', skill });
    expect(meta.columns.map((c: { name: string }) => c.name)).toEqual(['posting_id', 'skill_id', 'skill_name', 'skill_source_ids', 'level', 'level_name', 'posted_date']);
  });

  it('awards and outcomes export with region and credential filters; each record-level export is audited', async () => {
    await on.ds.query('TRUNCATE audit_log');
    const cred = fx.credentialIds[0];
    const awards = await get(on, `/api/exports/awards?format=parquet&credential=${cred}`);
    const file = join(dir, 'awards.parquet');
    writeFileSync(file, awards.body as Buffer);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const a = (await duck.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT credential_id)::INTEGER AS c, sum(low_income::INTEGER)::INTEGER AS low FROM read_parquet('${file}')`)).getRowObjects()[0];
    const [ea] = await on.ds.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE low_income)::int AS low FROM credential_award WHERE credential_id = $1`, [cred]);
    expect(a).toEqual({ n: ea.n, c: 1, low: ea.low });
    duck.closeSync();

    const out = await get(on, `/api/exports/outcomes?format=arrow&region=state:48&from=2025-04&to=2025-09`);
    const df = pl.readIPCStream(out.body as Buffer);
    const [eo] = await on.ds.query(
      `SELECT count(*)::int AS n, sum(wage)::float8 AS w FROM learner_outcome o WHERE quarter >= '2025-04-01' AND quarter < '2025-10-01'
         AND EXISTS (SELECT 1 FROM credential_award a WHERE a.learner_key = o.learner_key AND a.state_fips = '48')`,
    );
    expect(df.height).toBe(eo.n);
    expect(df.getColumn('wage').sum()).toBeCloseTo(eo.w, 6);

    const audit: { action: string; dataset: string; rows: string; role: string }[] = await on.ds.query(`SELECT action, dataset, rows, role FROM audit_log ORDER BY id`);
    expect(audit.map((r) => [r.action, r.dataset, Number(r.rows), r.role])).toEqual([
      ['export.records', 'awards', ea.n, 'researcher'],
      ['export.records', 'outcomes', eo.n, 'researcher'],
    ]);
  });
});
