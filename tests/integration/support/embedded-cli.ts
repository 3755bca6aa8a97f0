import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the compiled `credpulse` CLI on an embedded data directory of the test's own (DATABASE_URL
// unset), as a user would beside or without a running server.
export const ROOT = join(import.meta.dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  return { ...env, CREDPULSE_DATA_DIR: dataDir, CREDPULSE_SECRET: 'embedded-cli-test-secret-0123', CREDPULSE_DEMO: 'false', LOG_LEVEL: 'error', ...extra };
}

export function startCli(dataDir: string, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/credpulse.mjs'), ...args], { cwd: ROOT, env: embeddedEnv(dataDir, opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.end(opts.stdin ?? '');
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })));
  return { child, done };
}

export const cli = (dataDir: string, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> => startCli(dataDir, args, opts).done;

export interface LockInfo {
  pid: number;
  port?: number;
  socket?: string;
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'credpulse.pid'), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Starts `credpulse serve` on the data directory and waits until it accepts CLI commands. */
export async function startServer(dataDir: string, env: Record<string, string> = {}, timeoutMs = 240_000): Promise<{ child: ChildProcess; pid: number; port: number; log: () => string; stop: () => Promise<void> }> {
  const { child } = startCli(dataDir, ['serve'], { env: { PORT: '0', ...env } });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  child.stdout!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lock = readLock(dataDir);
    if (lock?.pid === child.pid && lock.socket && lock.port) {
      return {
        child,
        pid: lock.pid,
        port: lock.port,
        log: () => log,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The migrations of this checkout, as a short hash: a template is only reused by the same schema. */
function migrationsKey(): string {
  const dir = join(ROOT, 'migrations');
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * A data directory with the migrations applied and the taxonomies loaded, copied from a template
 * made once per machine and schema (a first load costs ~10 s of CPU). The template is keyed by the
 * migrations of this checkout: one made by another checkout (other or squashed migrations) could
 * hold tables this schema's migrations would create again.
 */
export async function preparedDataDir(target: string): Promise<void> {
  const template = join(tmpdir(), `credpulse-embedded-template-${migrationsKey()}`);
  if (!existsSync(join(template, 'complete'))) {
    const building = mkdtempSync(join(tmpdir(), 'credpulse-embedded-template-'));
    const r = await cli(join(building, 'data'), ['taxonomy', 'load']);
    if (r.code !== 0) throw new Error(`taxonomy load failed:\n${r.stderr}`);
    writeFileSync(join(building, 'complete'), new Date().toISOString());
    try {
      renameSync(building, template);
    } catch {
      // another run made it meanwhile
      rmSync(building, { recursive: true, force: true });
    }
  }
  cpSync(join(template, 'data'), target, { recursive: true });
}
