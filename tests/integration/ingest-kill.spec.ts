import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionOrphans, NO_ORPHANS } from '../../apps/api/src/modules/ingest/ingest.repository.js';
import { openTestDataSource } from './support/test-db.js';

// A process killed mid-file leaves nothing behind: each file loads in one transaction. Runs against
// PostgreSQL only (the embedded database lives inside the test process and cannot be shared with a child).
const ROOT = join(import.meta.dirname, '../..');
const N = 3000;
const KILLS = Number(process.env.KILL_TEST_KILLS ?? 10);
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
const skillsLoaded = async () => Number((await ds.query(`SELECT count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE p.source_key LIKE 'kill:%'`))[0].n);
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

  it(`leaves the whole file or none of it after SIGKILL at random points (${KILLS} kills), and a rerun loads it exactly once`, async () => {
    // How long one uninterrupted load takes here, so the kills land anywhere in it.
    const t0 = Date.now();
    expect(await startIngest().done).toBe(0);
    const fullMs = Date.now() - t0;
    expect(await loaded()).toBe(N);
    const fullSkills = await skillsLoaded();
    expect(fullSkills).toBeGreaterThan(0);
    let whole = 0;
    let none = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      if ((await loaded()) === N) await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'kill:%'`);
      const { child, done } = startIngest();
      // Half the kills at a uniformly random moment of a load (start-up, parsing, writing, commit);
      // the other half once rows are being written, a random moment later.
      if (kill % 2 === 0) await sleep(Math.random() * fullMs);
      else {
        expect(await waitForWrites(120_000)).toBe(true);
        await sleep(Math.random() * 400);
      }
      child.kill('SIGKILL');
      await done;
      // The killed backend rolls back once PostgreSQL sees the socket close.
      await sleep(300);
      const n = await loaded();
      expect([0, N], `after kill ${kill + 1}`).toContain(n);
      if (n === N) whole++;
      else none++;
      // a whole file comes with all its extracted skills, not some of them
      if (n === N) expect(await skillsLoaded(), `skills after kill ${kill + 1}`).toBe(fullSkills);
      // no mention row outlives its posting or names a missing skill/credential (no per-row foreign keys guard them)
      expect(await mentionOrphans(ds), `mention integrity after kill ${kill + 1}`).toEqual(NO_ORPHANS);
    }
    expect(whole + none).toBe(KILLS);
    expect(none, 'some kills landed mid-load').toBeGreaterThan(0);
    await ds.query(`DELETE FROM job_posting WHERE source_key LIKE 'kill:%'`);
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
