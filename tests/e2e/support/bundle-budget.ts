import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The initial JavaScript a first visit downloads: index.html's entry module plus its modulepreloads. */
export function initialScripts(webDir: string): string[] {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) srcs.add(m[1]);
  return [...srcs];
}

export interface BudgetReport {
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export function measureInitialJs(webDir: string): BudgetReport {
  const files = initialScripts(webDir).map((src) => {
    const buf = readFileSync(join(webDir, src.replace(/^\//, '')));
    return { file: src, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

export const INITIAL_JS_BUDGET_BYTES = 300 * 1024;
