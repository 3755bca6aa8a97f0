import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparedDataDir } from '../../integration/support/embedded-cli';
import { root } from './build-web';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the built product (`credpulse serve`) on a temporary embedded database with a small demo
 * dataset. DATABASE_URL is removed so it never touches a shared PostgreSQL.
 */
export const E2E_ADMIN = { email: 'admin@e2e.example.org', password: 'e2e-admin-password-123' };

export async function startServer(opts: { postings?: number; awards?: number; timeoutMs?: number; admin?: boolean } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-e2e-'));
  // Migrated, with the taxonomies loaded: a copy of the embedded specs' template (made once per
  // machine and schema), so the server only generates the demo data. A first start that loads the
  // taxonomies itself is checked by embedded-cli-beside-server and by .ci/run's last step.
  await preparedDataDir(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CREDPULSE_DATA_DIR: dataDir,
    CREDPULSE_DEMO: 'true',
    CREDPULSE_DEMO_POSTINGS: String(opts.postings ?? 3000),
    CREDPULSE_DEMO_AWARDS: String(opts.awards ?? 1500),
    CREDPULSE_ANONYMOUS_VIEWER: 'true',
    LOG_LEVEL: 'warn',
    // Vitest runs with NODE_ENV=test; the product under test is the production build
    NODE_ENV: 'production',
  };
  delete env.DATABASE_URL;
  if (opts.admin) {
    // the first admin is created with the CLI on the same (still closed) embedded database
    const r = spawnSync(process.execPath, [join(root, 'bin/credpulse.mjs'), 'users', 'add', '--email', E2E_ADMIN.email, '--role', 'admin', '--password-stdin'], {
      cwd: root,
      env,
      input: `${E2E_ADMIN.password}\n`,
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`credpulse users add failed (exit ${r.status}):\n${r.stderr}`);
  }
  const proc = spawn(process.execPath, [join(root, 'bin/credpulse.mjs'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          r();
        }, 10_000);
        proc.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      await stop();
      throw new Error(`credpulse serve exited with ${proc.exitCode} before it was ready:\n${out.slice(-4000)}`);
    }
    if (/is running at/.test(out)) {
      try {
        const r = await fetch(`${url}/api/health`);
        if (r.ok) return { url, dataDir, proc, log: () => out, stop };
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`credpulse serve was not ready within ${(opts.timeoutMs ?? 300_000) / 1000} s:\n${out.slice(-4000)}`);
}
