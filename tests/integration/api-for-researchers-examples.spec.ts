import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { loadExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// docs/api-for-researchers.md is run, not just read: its sh, js, python and r blocks run against
// this server on a real port, as a researcher would run them. curl and Node always run here; Python
// and R run where their tools are installed and are skipped (with the reason) otherwise.

const root = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/api-for-researchers.md'), 'utf8');
const blocks = (lang: string) => [...page.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const hasCurl = has('curl', ['--version']);
const hasPython = has('python3', ['-c', 'import requests, pandas, pyarrow']);
const hasR = has('Rscript', ['-e', 'library(arrow)']);
if (!hasPython) console.warn('api-for-researchers: Python examples skipped (needs python3 with requests, pandas and pyarrow)');
if (!hasR) console.warn('api-for-researchers: R examples skipped (needs Rscript with the arrow package)');

let t: TestApp;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await loadExportFixture(t.ds);
  await refreshRollups(t.ds);
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'credpulse-docs-'));
  env = { ...process.env, CREDPULSE_URL: `http://127.0.0.1:${port}`, CREDPULSE_KEY: await t.apiKey('viewer') };
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

// Async: the server answering these requests runs in this same process.
function run(cmd: string, args: string[], input: string, cwd = dir): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${cmd} exited ${code}\n${out}\n${err}`))));
    child.stdin.end(input);
  });
}

describe('docs/api-for-researchers.md examples', () => {
  it('has examples in every language the page promises', () => {
    expect(blocks('sh').length).toBeGreaterThanOrEqual(2);
    expect(blocks('js')).toHaveLength(1);
    expect(blocks('python')).toHaveLength(1);
    expect(blocks('r')).toHaveLength(1);
  });

  it.skipIf(!hasCurl)('curl: JSON rows, the Arrow export, the OpenAPI document and a 400 naming the parameter', async () => {
    const [first, second] = blocks('sh');
    const out = await run('bash', ['-euo', 'pipefail'], first);
    expect(out).toMatch(/rows: [1-5] k: 10 from: \d{4}-\d{2}/);
    expect(out).toMatch(/arrow bytes: [1-9]\d+/);
    expect(out).toMatch(/operations: [3-9]\d/);
    expect(await run('bash', ['-euo', 'pipefail'], second)).toContain('status: 400 parameter: groupBy suggestion: skill');
  });

  it('Node: fetch the JSON and read the Arrow export with apache-arrow', async () => {
    // run from the repository so that `apache-arrow` resolves as it would after `npm i apache-arrow`
    const out = await run(process.execPath, ['--input-type=module'], blocks('js')[0], root);
    expect(out).toMatch(/^06 \d+$/m);
    expect(out).toMatch(/outcomes rows: \d+ columns: \w+/);
    expect(out).toContain('k: 10');
  });

  it.skipIf(!hasPython)('Python: requests + pandas for JSON, pyarrow for the Arrow export', async () => {
    const out = await run('python3', ['-'], blocks('python')[0]);
    expect(out).toMatch(/recognition rows: \d+ k: 10/);
    expect(out).toMatch(/skill-gap rows: [1-9]\d* suppressed cells: \d+/);
  });

  it.skipIf(!hasR)('R: arrow reads the Arrow export', async () => {
    const out = await run('Rscript', ['-'], blocks('r')[0]);
    expect(out).toMatch(/skill-gap rows: [1-9]/);
  });
});
