import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, openDatabase } from '../../apps/api/src/database/database.js';
import { mentionOrphans, NO_ORPHANS } from '../../apps/api/src/modules/ingest/ingest.repository.js';
import { cli, preparedDataDir, readLock, startCli, startServer } from './support/embedded-cli.js';

// Crash safety of the embedded default: `credpulse ingest` on a PGlite data directory SIGKILLed at
// random moments (the last kills hit the server the ingest runs in) leaves a directory that opens
// (the killed owner's lock is recognised as stale), with each file whole or absent, and a rerun
// loads every file exactly once. Each kill hits a file of its own, so one look at the directory
// afterwards checks them all. Runs whatever database the rest of the suite uses: the processes
// run with DATABASE_URL unset on a data directory of their own.
const N = 600;
const KILLS = Number(process.env.KILL_TEST_KILLS ?? 10);
const SERVER_KILLS = Math.min(2, KILLS);
let dir: string;
let dataDir: string;
const files: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credpulse-embedded-kill-'));
  dataDir = join(dir, 'data');
  const text = 'Requirements: customer service and scheduling; must have a CDL. Microsoft Excel a plus. '.repeat(4);
  for (let f = 0; f <= KILLS; f++) {
    const rows = ['source_key,employer,title,state,posted_date,description'];
    for (let i = 0; i < N; i++) rows.push(`kill${f}:${i},Employer ${i % 97},Driver ${i % 13},TX,2025-0${1 + (i % 9)}-1${i % 10},"${text}"`);
    files.push(join(dir, `file${f}.csv`));
    writeFileSync(files[f], rows.join('\n') + '\n');
  }
  await preparedDataDir(dataDir);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Postings and posting skills of each file, read by opening the data directory in this process. */
async function loadedPerFile(): Promise<{ postings: number[]; skills: number[]; orphans: Awaited<ReturnType<typeof mentionOrphans>> }> {
  const handle = await openDatabase({ databaseUrl: undefined, dataDir, pgliteDir: join(dataDir, 'pglite') }, { owner: 'test' });
  try {
    const ds = await connect(handle);
    const rows: { f: number; postings: number; skills: number }[] = await ds.query(`
      SELECT split_part(p.source_key, ':', 1) AS f, count(DISTINCT p.id)::int AS postings, count(ps.posting_id)::int AS skills
      FROM job_posting p LEFT JOIN posting_skill ps ON ps.posting_id = p.id
      WHERE p.source_key LIKE 'kill%' GROUP BY 1`);
    const orphans = await mentionOrphans(ds);
    await ds.destroy();
    const postings = files.map((_, f) => rows.find((r) => r.f === `kill${f}`)?.postings ?? 0);
    const skills = files.map((_, f) => rows.find((r) => r.f === `kill${f}`)?.skills ?? 0);
    return { postings, skills, orphans };
  } finally {
    await handle.close();
  }
}

describe('embedded ingest killed mid-file', () => {
  it(`leaves each file whole or absent after ${KILLS} SIGKILLs at random moments, and a rerun loads each exactly once`, async () => {
    // An uninterrupted load of file 0: how long one takes, so the kills land anywhere in it.
    const t0 = Date.now();
    const full = await cli(dataDir, ['ingest', 'postings-csv', files[0]]);
    const fullMs = Date.now() - t0;
    expect(full.code, full.stderr).toBe(0);
    for (let k = 1; k <= KILLS - SERVER_KILLS; k++) {
      const { child, done } = startCli(dataDir, ['ingest', 'postings-csv', files[k]]);
      // half uniformly over a whole run (start-up, parsing, writing, commit, rollup refresh), half
      // past the start-up, where the rows are being written
      await sleep(k % 2 ? Math.random() * fullMs : fullMs * (0.4 + 0.6 * Math.random()));
      child.kill('SIGKILL');
      await done;
      // the killed owner's lock is left behind; the next process recognises it as stale
    }
    for (let k = KILLS - SERVER_KILLS + 1; k <= KILLS; k++) {
      // the server owns the directory; the CLI's ingest runs inside it, and the server is killed
      const server = await startServer(dataDir);
      const client = startCli(dataDir, ['ingest', 'postings-csv', files[k]]);
      await sleep(fullMs * (0.3 + 0.7 * Math.random()));
      server.child.kill('SIGKILL');
      const r = await client.done;
      // the client either saw the load finish before the kill or says the server went away
      if (r.code !== 0) expect(r.stderr).toMatch(/closed the connection|cannot reach|stopped/);
      // killed by a signal: exitCode stays null, signalCode is set (the exit may have happened already)
      if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((resolve) => server.child.once('exit', resolve));
    }
    const after = await loadedPerFile();
    expect(after.postings[0]).toBe(N);
    const wholeSkills = after.skills[0];
    expect(wholeSkills).toBeGreaterThan(N);
    for (let f = 1; f <= KILLS; f++) {
      expect([0, N], `postings of file ${f} after its kill`).toContain(after.postings[f]);
      // a whole file comes with all its extracted skills, not some of them
      expect(after.skills[f], `skills of file ${f}`).toBe(after.postings[f] === N ? wholeSkills : 0);
    }
    const absent = after.postings.filter((n) => n === 0).length;
    expect(absent, 'some kills landed mid-load').toBeGreaterThan(0);
    expect(readLock(dataDir)).toBeUndefined();

    const rerun = await cli(dataDir, ['ingest', 'postings-csv', ...files]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`${absent * N} loaded, 0 rejected, ${(files.length - absent) * N} duplicates`);
    const final = await loadedPerFile();
    expect(final.postings).toEqual(files.map(() => N));
    expect(final.skills).toEqual(files.map(() => wholeSkills));
    // no mention outlives its posting or names a missing skill/credential (no per-row foreign keys guard them)
    expect(final.orphans).toEqual(NO_ORPHANS);
  }, 600_000);
});
