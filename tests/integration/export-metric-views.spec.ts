import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import pl from 'nodejs-polars';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadExportFixture, type ExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Metric views exported: the same rows as the JSON API for the same filters, suppressed the same
// way (a hidden cell is null with <col>_suppressed = true), read back by DuckDB, Polars and csv-parse.

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

interface GapRow {
  key: string;
  demand: number;
  supply: { value: number | null; suppressed: boolean };
  ratio: number | null;
}

describe('metric view exports', () => {
  let t: TestApp;
  let fx: ExportFixture;
  let dir: string;
  let key: string;
  const Q = 'from=2025-01&to=2025-12';

  beforeAll(async () => {
    t = await startTestApp({ recordExports: false });
    await truncateFacts(t.ds);
    fx = await loadExportFixture(t.ds);
    // a third credential, aligned to a third skill, with fewer awards than k: its supply is suppressed
    const [c3] = await t.ds.query(`INSERT INTO credential(source_key, name, type, provider_id) VALUES ('fx:c3', 'Rare Badge', 'badge', $1) RETURNING id`, [fx.providerId]);
    await t.ds.query(`INSERT INTO credential_skill VALUES ($1, $2)`, [c3.id, fx.skills[2]]);
    await t.ds.query(`INSERT INTO posting_skill(posting_id, skill_id, level) SELECT id, $1, 1 FROM job_posting WHERE id % 5 = 1`, [fx.skills[2]]);
    await t.ds.query(
      `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips) SELECT 'fx:r' || g, 'R' || g, $1, DATE '2025-03-01' + g, $2, '06' FROM generate_series(1, 4) g`,
      [c3.id, fx.counties[0].fips],
    );
    await refreshRollups(t.ds);
    key = await t.apiKey('viewer');
    dir = mkdtempSync(join(tmpdir(), 'credpulse-metric-export-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => t.http().get(path).set('X-API-Key', key).buffer(true).parse(binary);

  it('skill-gap as Parquet has the JSON rows, demand sums and a null supply flagged suppressed where the API hides it', async () => {
    const api = await t.http().get(`/api/metrics/skill-gap?${Q}`).set('X-API-Key', key);
    expect(api.status).toBe(200);
    const rows = api.body.rows as GapRow[];
    const hidden = rows.filter((r) => r.supply.suppressed);
    expect(hidden.map((r) => r.key)).toContain(fx.skills[2]);

    const res = await get(`/api/exports/metrics/skill-gap?format=parquet&${Q}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/credpulse_metrics-skill-gap_/);
    const file = join(dir, 'gap.parquet');
    writeFileSync(file, res.body as Buffer);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const [agg] = (
      await duck.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, sum(demand)::INTEGER AS demand, sum(supply)::INTEGER AS supply, count(*) FILTER (WHERE supply_suppressed)::INTEGER AS hidden,
                count(*) FILTER (WHERE supply_suppressed AND supply IS NOT NULL)::INTEGER AS leaked FROM read_parquet('${file}')`,
      )
    ).getRowObjects();
    expect(agg.n).toBe(rows.length);
    expect(agg.demand).toBe(rows.reduce((a, r) => a + r.demand, 0));
    expect(agg.supply).toBe(rows.reduce((a, r) => a + (r.supply.value ?? 0), 0));
    expect(agg.hidden).toBe(hidden.length);
    expect(agg.leaked).toBe(0);
    const kv = (await duck.runAndReadAll(`SELECT decode(key)::VARCHAR AS k, decode(value)::VARCHAR AS v FROM parquet_kv_metadata('${file}')`)).getRowObjects();
    const prov = JSON.parse(String(kv.find((r) => r.k === 'credpulse.provenance')!.v));
    expect(prov).toMatchObject({ dataset: 'metrics/skill-gap', recordLevel: false, suppressed: true, k: 10, methodVersion: api.body.methodVersion, rowCount: rows.length, suppressedCells: api.body.suppressedCells });
    expect(prov.filters).toMatchObject({ from: '2025-01', to: '2025-12' });
    duck.closeSync();
  });

  it('outcomes as Arrow (Polars) and CSV (csv-parse) carry the same earners as the JSON API, hidden cells as nulls', async () => {
    const api = await t.http().get(`/api/metrics/outcomes?${Q}&groupBy=credential`).set('X-API-Key', key);
    expect(api.status).toBe(200);
    const rows = api.body.rows as { key: string; earners: { value: number | null; suppressed: boolean } }[];
    expect(rows.length).toBeGreaterThan(0);

    const arrow = await get(`/api/exports/metrics/outcomes?format=arrow&${Q}&groupBy=credential`);
    const df = pl.readIPCStream(arrow.body as Buffer);
    expect(df.height).toBe(rows.length);
    expect(df.getColumn('key').toArray()).toEqual(rows.map((r) => r.key));
    expect(df.getColumn('earners').toArray().map((v) => (v === null ? null : Number(v)))).toEqual(rows.map((r) => r.earners.value));
    expect(df.getColumn('earners_suppressed').toArray()).toEqual(rows.map((r) => r.earners.suppressed));
    const schema = tableFromIPC(arrow.body as Buffer).schema;
    expect(JSON.parse(schema.metadata.get('credpulse.dataDictionary')!).find((c: { name: string }) => c.name === 'earners_suppressed').description).toMatch(/null, never 0/);

    const csv = await t.http().get(`/api/exports/metrics/outcomes?format=csv&${Q}&groupBy=credential`).set('X-API-Key', key);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => (r.earners === '' ? null : Number(r.earners)))).toEqual(rows.map((r) => r.earners.value));
    expect(records.map((r) => r.earners_suppressed)).toEqual(rows.map((r) => String(r.earners.suppressed)));
  });

  it('a metric export rejects a parameter the metric does not accept, like the API does', async () => {
    const res = await t.http().get(`/api/exports/metrics/skill-gap?format=csv&${Q}&credential=1`).set('X-API-Key', key);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe('credential');
    const unknown = await t.http().get(`/api/exports/metrics/skill-gapp?format=csv`).set('X-API-Key', key);
    expect(unknown.status).toBe(400);
    expect(unknown.body.suggestion).toBe('metrics/skill-gap');
  });
});
