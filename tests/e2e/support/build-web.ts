import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..', '..');
export const webDir = join(root, 'dist', 'web');

function newest(dir: string): number {
  let max = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Builds dist/web with Vite unless it is newer than every source it is built from. */
export function ensureWebBuild(): void {
  const index = join(webDir, 'index.html');
  const sources = Math.max(newest(join(root, 'apps/web/src')), newest(join(root, 'libs/web-charts/src')), newest(join(root, 'libs/contracts/src')), statSync(join(root, 'apps/web/index.html')).mtimeMs);
  const devBuild = existsSync(join(webDir, 'assets')) && readdirSync(join(webDir, 'assets')).some((f) => f.includes('jsx-dev-runtime'));
  if (existsSync(index) && statSync(index).mtimeMs >= sources && !devBuild) return;
  // Vitest sets NODE_ENV=test, which would give React's development build: build for production.
  const r = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}
