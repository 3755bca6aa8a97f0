#!/usr/bin/env node
// Entry point of the `credpulse` CLI. Builds the server (and, for `serve`, the dashboard) on demand
// when the compiled output is missing or older than its sources, then runs the compiled CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function newest(dirs) {
  let max = 0;
  const walk = (d) => {
    if (!existsSync(d)) return;
    if (statSync(d).isFile()) return void (max = Math.max(max, statSync(d).mtimeMs));
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else max = Math.max(max, statSync(p).mtimeMs);
    }
  };
  dirs.forEach((d) => walk(join(root, d)));
  return max;
}

function stale(stamp, dirs) {
  const s = join(root, stamp);
  return !existsSync(s) || statSync(s).mtimeMs < newest(dirs);
}

function run(cmd, args, what) {
  process.stderr.write(`Building ${what}...\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`credpulse: building ${what} failed (exit ${r.status}).\n`);
    process.exit(1);
  }
}

const libs = readdirSync(join(root, 'libs')).map((l) => `libs/${l}/src`);
const serverStamp = 'dist/api/.stamp';
if (stale(serverStamp, ['apps/api/src', 'migrations', ...libs, 'libs/taxonomy/data'])) {
  run(bin('tsc'), ['-b', 'apps/api/tsconfig.app.json'], 'the server');
  mkdirSync(join(root, 'dist/api'), { recursive: true });
  writeFileSync(join(root, serverStamp), new Date().toISOString());
}
if (process.argv[2] === 'serve') {
  // A bad setting stops start-up before the (slower) dashboard build.
  const { loadConfig } = await import(join(root, 'dist/api/apps/api/src/config/config.js'));
  try {
    loadConfig();
  } catch (e) {
    process.stderr.write(`credpulse: ${e.message}\n`);
    process.exit(1);
  }
}
if (process.argv[2] === 'serve' && stale('dist/web/index.html', ['apps/web/src', 'apps/web/index.html', ...libs])) {
  run(bin('vite'), ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], 'the dashboard');
}
await import(join(root, 'dist/api/apps/api/src/cli/main.js'));
