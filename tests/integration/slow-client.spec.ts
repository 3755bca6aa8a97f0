import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect as connectDb, openDatabase } from '../../apps/api/src/database/database.js';
import { neverDrain, stalledUpload } from '../fuzz/slow-clients.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// One slow client must not stall everyone (issue 20): a researcher who opens a CSV export and never
// reads it, or an admin whose upload stops sending, holds no database connection that others need;
// both are cut after the configured stall limit, the export's connection released and its audit
// entry marked aborted. Runs on PostgreSQL and on the embedded database (one connection for all).

const STALL_S = 2;
const embedded = inject('databaseMode') === 'embedded';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a slow client does not starve the others', () => {
  let t: TestApp;
  let port: number;
  let researcher: string;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp({ recordExports: true, responseStallSeconds: STALL_S, uploadStallSeconds: STALL_S, exportsPerUser: 1, exportsTotal: 3 });
    await truncateFacts(t.ds);
    await t.ds.query('TRUNCATE audit_log');
    const [county] = await t.ds.query(`SELECT fips, state_fips FROM county WHERE state_fips = '06' ORDER BY fips LIMIT 1`);
    // ~24 MB of CSV (and ~13 MB zipped: hex digests barely compress), far more than the loopback
    // socket buffers hold, so the server must wait for the reader
    await t.ds.query(
      `INSERT INTO job_posting(source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, degree_level)
       SELECT 'slow:' || g, 'Employer ' || (g % 50), 'Title ' || g || ' ' || (SELECT string_agg(md5((g * 1000 + i)::text), '') FROM generate_series(1, 95) i),
              '5415', '15-1211', $1, $2, DATE '2025-01-01' + (g % 300), 0
       FROM generate_series(1, 8000) g`,
      [county.fips, county.state_fips],
    );
    researcher = await t.apiKey('researcher');
    admin = await t.apiKey('admin');
    viewer = await t.apiKey('viewer');
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** The researcher's next export, once the aborted one has handed its slot back (it removes its temporary file first). */
  async function exportAgain(): Promise<number> {
    let status = 0;
    for (let i = 0; i < 20; i++) {
      status = (await timed('/api/exports/postings?format=csv&from=2025-01&to=2025-01', researcher)).status;
      if (status !== 429) break;
      await sleep(200);
    }
    return status;
  }

  /** Times one request through real HTTP. */
  async function timed(path: string, key = viewer): Promise<{ status: number; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'X-API-Key': key } });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t0 };
  }

  it('a reader that never drains a CSV export: other requests answer within 1 s, the export is cut after the stall limit, audited aborted, its slot and connection freed', async () => {
    const { socket, head } = await neverDrain(port, '/api/exports/postings?format=csv', researcher);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    await sleep(300);
    const answers = [];
    for (const path of ['/api/health', '/api/metrics/postings?from=2025-01&to=2025-06', '/api/taxonomy/naics?q=software', '/api/exports/metrics/postings?from=2025-01&to=2025-06&format=csv']) {
      answers.push({ path, ...(await timed(path)) });
    }
    for (const a of answers) {
      expect(a.status, a.path).toBe(200);
      expect(a.ms, `${a.path} took ${Math.round(a.ms)} ms while an export was stalled`).toBeLessThan(1000);
    }
    // at most one record export per user (the test's setting): the second waits its turn
    const second = await timed('/api/exports/postings?format=csv&from=2025-01&to=2025-01', researcher);
    expect(second.status).toBe(429);

    // the server gives up on the reader within the stall limit (plus the check interval)
    let detail = '';
    for (let i = 0; i < 40 && !detail.includes('aborted'); i++) {
      await sleep(250);
      detail = (await t.ds.query(`SELECT detail FROM audit_log WHERE action = 'export.records' ORDER BY id LIMIT 1`))[0]?.detail ?? '';
    }
    expect(detail).toMatch(/^format csv; aborted/);
    socket.destroy();
    if (!embedded) {
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (SELECT%' AND state <> 'idle'`);
      expect(n).toBe(0);
    }
    // the slot is free again: the same researcher can export
    expect(await exportAgain()).toBe(200);
  }, 60_000);

  it('the same for a zip bundle: a never-read zipped CSV is cut and audited aborted', async () => {
    await t.ds.query(`DELETE FROM audit_log`);
    const { socket, head } = await neverDrain(port, '/api/exports/postings?format=csv&bundle=zip', researcher);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    // A zip sends its first bytes (the .meta.json entry) before the rows are read: on the embedded
    // database the first request after it may wait for the export's COPY into its temporary file
    // (~0.7-1.1 s for 50,000 postings, measured); after that the stalled reader holds nothing.
    if (embedded) await timed('/api/health');
    for (const path of ['/api/health', '/api/taxonomy/naics?q=software']) expect((await timed(path)).ms, path).toBeLessThan(1000);
    let detail = '';
    for (let i = 0; i < 40 && !detail.includes('aborted'); i++) {
      await sleep(250);
      detail = (await t.ds.query(`SELECT detail FROM audit_log WHERE action = 'export.records' ORDER BY id LIMIT 1`))[0]?.detail ?? '';
    }
    expect(detail).toMatch(/^format csv; aborted/);
    socket.destroy();
    expect(await exportAgain()).toBe(200);
  }, 60_000);

  it('an upload that stops sending is cut with 408 after the stall limit; meanwhile other requests answer within 1 s', async () => {
    const t0 = performance.now();
    const { answer, socket } = stalledUpload(port, '/api/ingest/postings-csv?dryRun=true&filename=stalled.csv', admin);
    await sleep(300);
    const health = await timed('/api/health');
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1000);
    const metric = await timed('/api/metrics/postings?from=2025-01&to=2025-06');
    expect(metric.ms).toBeLessThan(1000);
    const got = await answer;
    socket.destroy();
    expect(got).toMatch(/^HTTP\/1\.1 408/);
    expect(got).toMatch(/CREDPULSE_UPLOAD_STALL_SECONDS/);
    expect(performance.now() - t0).toBeLessThan((STALL_S + 5) * 1000);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ingest_run WHERE file_name = 'stalled.csv'`);
    expect(n).toBe(0);
  }, 30_000);

  it.skipIf(embedded)("the server's PostgreSQL connections carry statement_timeout and idle_in_transaction_session_timeout", async () => {
    const handle = await openDatabase({ databaseUrl: inject('databaseUrl'), pgliteDir: '', dataDir: '' }, { poolSize: 1, limits: { statementTimeoutSeconds: 3, idleTxTimeoutSeconds: 2 } });
    const ds = await connectDb(handle, false);
    try {
      expect((await ds.query('SHOW statement_timeout'))[0].statement_timeout).toBe('3s');
      expect((await ds.query('SHOW idle_in_transaction_session_timeout'))[0].idle_in_transaction_session_timeout).toBe('2s');
      await expect(ds.query('SELECT pg_sleep(4)')).rejects.toThrow(/statement timeout/);
    } finally {
      await ds.destroy();
    }
  }, 30_000);
});
