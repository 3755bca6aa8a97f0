import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, preparedDataDir, startCli, startServer } from './support/embedded-cli.js';

// `credpulse backup` of the embedded data directory while its server runs (through the server),
// restored into a new embedded data directory and into a PostgreSQL database (when the suite runs
// on one: a database of its own on that server): the same health counts and metric answers.
const METRICS = [
  '/api/metrics/postings?from=2025-01&to=2026-06&groupBy=naics2',
  '/api/metrics/recognition?from=2025-01&to=2026-06',
  '/api/metrics/outcomes?from=2024-09&to=2026-06',
  '/api/metrics/pathways?from=2024-09&to=2026-06',
  '/api/metrics/program-demand?from=2025-01&to=2026-06',
  '/api/metrics/skill-gap?from=2025-01&to=2026-06',
  '/api/metrics/equity?from=2024-09&to=2026-06&dimension=sex',
];
const pgUrl = process.env.DATABASE_URL;
let dir: string;
let source: string;
let file: string;
let before: Answers;
let pgDatabase: string | undefined;

interface Answers {
  health: { counts: Record<string, number>; demo: boolean; dataAsOf?: unknown };
  metrics: unknown[];
}

async function answers(port: number): Promise<Answers> {
  const get = async (path: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    expect(r.status, path).toBe(200);
    return r.json();
  };
  const health = await get('/api/health');
  const metrics = [];
  for (const m of METRICS) metrics.push(await get(m));
  return { health: { counts: health.counts, demo: health.demo, dataAsOf: health.dataAsOf }, metrics };
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credpulse-backup-'));
  source = join(dir, 'source');
  file = join(dir, 'backup.jsonl');
  await preparedDataDir(source);
}, 240_000);
afterAll(async () => {
  if (pgDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore of the embedded database', () => {
  it('backs up through the running server: a whole file, nothing left half-written', async () => {
    const server = await startServer(source, { CREDPULSE_DEMO: 'true', CREDPULSE_DEMO_POSTINGS: '1500', CREDPULSE_DEMO_AWARDS: '800', CREDPULSE_RESPONSE_CACHE: '0' });
    try {
      const r = await cli(source, ['backup', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`Running through the server (pid ${server.pid}`);
      expect(r.stderr).toMatch(/Backed up [\d,]+ rows of \d+ tables/);
      before = await answers(server.port);
    } finally {
      await server.stop();
    }
    expect(existsSync(`${file}.partial`)).toBe(false);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'credpulse-backup', source: 'embedded' });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ complete: true });
    expect(before.health.counts.postings).toBe(1500);
    expect(before.health.demo).toBe(true);
  }, 300_000);

  it('restores into a new embedded data directory with the same counts and metric answers', async () => {
    const target = join(dir, 'restored');
    const r = await cli(target, ['restore', file]);
    expect(r.code, r.stderr).toBe(0);
    // a second restore onto it refuses without --replace, and changes nothing
    const again = await cli(target, ['restore', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('pass --replace');
    const server = await startServer(target, { CREDPULSE_RESPONSE_CACHE: '0' });
    try {
      expect(await answers(server.port)).toEqual(before);
    } finally {
      await server.stop();
    }
  }, 300_000);

  it.skipIf(!pgUrl)('restores into PostgreSQL (DATABASE_URL) with the same counts and metric answers', async () => {
    pgDatabase = `credpulse_restore_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${pgDatabase}`);
    const url = new URL(pgUrl!);
    url.pathname = `/${pgDatabase}`;
    const target = join(dir, 'unused-data-dir');
    const r = await cli(target, ['restore', file], { env: { DATABASE_URL: url.toString() } });
    expect(r.code, r.stderr).toBe(0);
    const server = await startServerOnPostgres(target, url.toString());
    try {
      expect(await answers(server.port)).toEqual(before);
    } finally {
      await server.stop();
    }
  }, 300_000);
});

/** `credpulse serve` on PostgreSQL: no data-directory lock to wait for, so wait for /api/health. */
async function startServerOnPostgres(dataDir: string, url: string) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const { child } = startCli(dataDir, ['serve'], { env: { DATABASE_URL: url, PORT: String(port), CREDPULSE_RESPONSE_CACHE: '0' } });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  for (const until = Date.now() + 240_000; ; ) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
