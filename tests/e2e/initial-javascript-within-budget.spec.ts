import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_BYTES, measureInitialJs } from './support/bundle-budget';
import { ensureWebBuild, webDir } from './support/build-web';

describe('first visit downloads at most 300 KB of gzipped JavaScript', () => {
  it('keeps the entry chunk and its preloads within budget; views load on demand', () => {
    ensureWebBuild();
    const r = measureInitialJs(webDir);
    expect(r.files.length).toBeGreaterThan(0);
    const detail = r.files.map((f) => `${f.file}: ${(f.gzipBytes / 1024).toFixed(1)} KB gz`).join('\n');
    console.info(`initial JS ${(r.gzipBytes / 1024).toFixed(1)} KB gzipped (budget ${INITIAL_JS_BUDGET_BYTES / 1024} KB)\n${detail}`);
    expect(r.gzipBytes, detail).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    // Charts (Recharts, d3) must not be in the first download: they belong to the view chunks.
    for (const f of r.files) expect(f.file).not.toMatch(/Page/);
    // measured on a production build (a development React runtime would be a different, larger app)
    for (const f of r.files) expect(f.file).not.toMatch(/jsx-dev-runtime/);
  });
});
