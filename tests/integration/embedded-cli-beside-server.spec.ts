import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, readLock, startCli, startServer } from './support/embedded-cli.js';

// The embedded database (PGlite) allows one process per data directory. These scenarios run the
// real CLI on a data directory of their own with DATABASE_URL unset, whatever database the rest
// of the suite uses: a first command without `serve`, then commands beside a running server.
const N = 200;
let dir: string;
let dataDir: string;
let csv: string;
let server: Awaited<ReturnType<typeof startServer>> | undefined;

beforeAll(async () => {
  // the compiled CLI up to date first (a rebuild must not count against the 2 s answer)
  await cli(join(tmpdir(), 'credpulse-unused'), ['--version']);
  dir = mkdtempSync(join(tmpdir(), 'credpulse-owner-'));
  dataDir = join(dir, 'data');
  csv = join(dir, 'postings.csv');
  const rows = ['source_key,employer,title,state,posted_date,description'];
  for (let i = 0; i < N; i++) rows.push(`owner:${i},Employer ${i % 7},Driver ${i % 5},TX,2025-03-1${i % 10},"Must have a CDL. Microsoft Excel a plus."`);
  writeFileSync(csv, rows.join('\n') + '\n');
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded data directory has one owner', () => {
  it('a first `extract` without `serve` loads the taxonomies (with progress) and finds mentions', async () => {
    const r = await cli(dataDir, ['extract', '--json'], { stdin: "Bachelor's degree or CompTIA Security+ in lieu. Python and Microsoft Excel required." });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Taxonomies ready');
    expect(r.stderr).not.toMatch(/dictionary: 0 phrases/);
    const out = JSON.parse(r.stdout);
    expect(out.credentials.map((c: { name: string }) => c.name)).toContain('CompTIA Security+');
    expect(out.skills.map((s: { name: string }) => s.name)).toContain('Microsoft Excel');
    // the command released the directory when it finished
    expect(existsSync(join(dataDir, 'credpulse.pid'))).toBe(false);
  }, 240_000);

  it('beside a running server: `users add` runs in the server and the user signs in at once', async () => {
    server = await startServer(dataDir);
    const r = await cli(dataDir, ['users', 'add', '--email', 'first@example.org', '--role', 'admin', '--password-stdin'], { stdin: 'a long enough password\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Running through the server (pid ${server.pid}, port ${server.port})`);
    expect(r.stderr).toMatch(/Created admin first@example\.org/);
    const login = await fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'first@example.org', password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);
  }, 300_000);

  it('two dry runs beside the server both finish and write nothing; the real load then loads every record once', async () => {
    const [a, b] = await Promise.all([cli(dataDir, ['ingest', 'postings-csv', csv, '--dry-run']), cli(dataDir, ['ingest', 'postings-csv', csv, '--dry-run'])]);
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${N} would load, 0 rejected, 0 duplicates`);
    }
    const health = async () => (await (await fetch(`http://127.0.0.1:${server!.port}/api/health`)).json()) as { counts: { postings: number } };
    expect((await health()).counts.postings).toBe(0);
    const real = await cli(dataDir, ['ingest', 'postings-csv', csv]);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(`${N} loaded, 0 rejected, 0 duplicates`);
    expect((await health()).counts.postings).toBe(N);
  }, 120_000);

  it('what cannot run through the server stops at once, naming its pid and port and what to do', async () => {
    const revert = await cli(dataDir, ['migrate', '--revert']);
    expect(revert.code).toBe(1);
    expect(revert.stderr).toContain(`owned by the running server (pid ${server!.pid} at http://127.0.0.1:${server!.port})`);
    expect(revert.stderr).toContain(`Stop the server first (Ctrl-C in its terminal, or kill ${server!.pid})`);
    expect(revert.ms).toBeLessThan(2000);
    const second = await cli(dataDir, ['serve'], { env: { PORT: '0' } });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${server!.pid}`);
    expect(second.ms).toBeLessThan(2000);
  }, 60_000);

  it('a stopped server releases the directory, and the CLI then opens it itself', async () => {
    await server!.stop();
    server = undefined;
    expect(readLock(dataDir)).toBeUndefined();
    const list = await cli(dataDir, ['users', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('first@example.org');
    expect(list.stderr).not.toContain('Running through the server');
    expect(readLock(dataDir)).toBeUndefined();
  }, 300_000);

  it('a second CLI command waits for the first to finish with the directory instead of opening it too', async () => {
    const first = startCli(dataDir, ['ingest', 'postings-csv', csv, '--dry-run']);
    while (readLock(dataDir)?.pid !== first.child.pid) await new Promise((r) => setTimeout(r, 50));
    const second = await cli(dataDir, ['users', 'list']);
    const a = await first.done;
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain(`0 would load, 0 rejected, ${N} duplicates`);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`in use by \`credpulse ingest\` (pid ${first.child.pid}`);
  }, 300_000);
});
