import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue 7: the server survives PostgreSQL restarting under it. While the database is down,
// requests get a clean 503 problem+json (no crash, no hang); once it is back, the same server
// process answers again: the pool has dropped its broken connections and opened new ones.
//
// This stops and starts the machine's PostgreSQL cluster, so it runs only when DATABASE_URL points
// at the local cluster and pg_ctlcluster can restart it (CI, or a developer who means it).
// CAREFUL: anything else using that cluster at the same moment sees the restart too.

const url = inject('databaseUrl');
const CLUSTER = process.env.CREDPULSE_PG_CLUSTER ?? '15 main';

function skipReason(): string | undefined {
  if (inject('databaseMode') !== 'postgres') return 'runs against the embedded database (set DATABASE_URL to the local PostgreSQL to run it)';
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname) || (u.port || '5432') !== '5432') return `DATABASE_URL points at ${u.host}, not the local cluster`;
  if (!existsSync('/usr/bin/pg_ctlcluster')) return 'pg_ctlcluster is not installed';
  try {
    execFileSync('pg_lsclusters', ['--no-header'], { stdio: 'pipe' });
  } catch {
    return 'pg_lsclusters failed: cannot manage the cluster from here';
  }
  if (process.getuid?.() !== 0 && process.env.USER !== 'postgres') return 'needs root or the postgres user to restart the cluster';
  return undefined;
}

const reason = skipReason();
if (reason) console.warn(`pg-restart: skipped: ${reason}`);

const ctl = (action: 'stop' | 'start') => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', ...CLUSTER.split(' '), action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'pipe', timeout: 60_000 });

describe.skipIf(reason !== undefined)('PostgreSQL restarting under the server', () => {
  let t: TestApp;
  let key: string;
  let stopped = false;

  beforeAll(async () => {
    t = await startTestApp();
    key = await t.apiKey('viewer');
  });
  afterAll(async () => {
    if (stopped) ctl('start'); // never leave the cluster down
    await t?.close().catch(() => undefined);
  });

  const ask = (path: string) => t.http().get(path).set('X-API-Key', key).timeout(20_000);

  it('answers 503 problem+json while it is down and 200 again after, without a restart of the server', async () => {
    expect((await ask('/api/metrics/postings')).status).toBe(200);

    ctl('stop');
    stopped = true;
    for (const path of ['/api/metrics/postings', '/api/health', '/api/taxonomy/naics?q=nurs', '/api/metrics/postings']) {
      const res = await ask(path);
      expect(res.status, `${path} while the database is down: ${JSON.stringify(res.body)}`).toBe(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/database/i);
    }
    await new Promise((r) => setTimeout(r, 3000));

    ctl('start');
    stopped = false;
    // The first requests after the start may still meet the cluster warming up (57P03): retry briefly.
    const deadline = Date.now() + 30_000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await ask('/api/metrics/postings')).status;
      if (last === 200) break;
      expect(last, 'only 503 while the database comes back').toBe(503);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(last).toBe(200);
    // and it keeps working: several requests in a row, on whatever connections the pool now holds
    for (let i = 0; i < 10; i++) expect((await ask('/api/metrics/postings')).status).toBe(200);
    expect((await ask('/api/health')).status).toBe(200);
  }, 180_000);
});
