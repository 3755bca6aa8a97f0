import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDataSource } from './support/test-db.js';

// A process killed mid-file leaves nothing behind: each file loads in one transaction. Runs against
// PostgreSQL only (the embedded database lives inside the test process and cannot be shared with a child).
const ROOT = join(import.meta.dirname, '../..');
const N = 3000;
const postgres = inject('databaseMode') === 'postgres';

let ds: DataSource;
let dir: string;
let file: string;

function startIngest(): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin/credpulse.mjs'), 'ingest', 'postings-csv', file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), CREDPULSE_SECRET: 'kill-test-secret-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done };
}

const loaded = async () => Number((await ds.query(`SELECT count(*)::int AS n FROM job_posting WHERE source_key LIKE 'kill:%'`))[0].n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the child's connection is writing postings (COPY or INSERT into job_posting). */
async function waitForWrites(timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (query LIKE 'COPY job_posting%' OR query LIKE 'COPY posting_%' OR query LIKE 'SELECT source_key AS k FROM job_posting%')`);
    if (n > 0) return true;
    await sleep(50);
  }
  return false;
}

describe.skipIf(!postgres)('ingest killed mid-file', () => {
  beforeAll(async () => {
    ds = await openTestDataSource();
    await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'kill:%'`);
    dir = mkdtempSync(join(tmpdir(), 'credpulse-kill-'));
    file = join(dir, 'big.csv');
    const rows = ['source_key,employer,title,state,posted_date,description'];
    const text = 'Requirements: customer service and scheduling; must have a CDL. Microsoft Excel a plus. '.repeat(10);
    for (let i = 0; i < N; i++) rows.push(`kill:${i},Employer ${i % 97},Driver ${i % 13},TX,2025-0${1 + (i % 9)}-1${i % 10},"${text}"`);
    writeFileSync(file, rows.join('\n') + '\n');
  });
  afterAll(async () => {
    await ds?.query(`DELETE FROM job_posting WHERE source_key LIKE 'kill:%'`);
    await ds?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the whole file or none of it after SIGKILL at random points, and a rerun loads it exactly once', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { child, done } = startIngest();
      // First attempt: a random moment (often before any row is written); then while rows are being written.
      if (attempt === 0) await sleep(500 + Math.random() * 3000);
      else expect(await waitForWrites(120_000)).toBe(true);
      await sleep(Math.random() * 400);
      child.kill('SIGKILL');
      await done;
      // The killed backend rolls back once PostgreSQL sees the socket close.
      await sleep(300);
      const n = await loaded();
      expect([0, N]).toContain(n);
      if (n === N) break;
    }
    const full = startIngest();
    expect(await full.done).toBe(0);
    expect(await loaded()).toBe(N);
    const again = startIngest();
    let out = '';
    again.child.stdout!.on('data', (d) => (out += d));
    expect(await again.done).toBe(0);
    expect(out).toMatch(new RegExp(`0 loaded, 0 rejected, ${N} duplicates`));
    expect(await loaded()).toBe(N);
  }, 600_000);
});
