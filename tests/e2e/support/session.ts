import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launch, newPage, seriousA11yViolations, type WatchedPage } from './chromium';

export const browserMissing = !hasChromium;
if (browserMissing) console.warn('[e2e] /usr/bin/chromium is absent: browser scenarios are skipped (apt-get install -y chromium).');

/** One browser for a spec file; `open(path)` gives a fresh page on the running product. */
export function useBrowser() {
  let browser: Browser | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    if (browserMissing) return;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(path: string, viewport?: { width: number; height: number }): Promise<WatchedPage> {
      const base = inject('baseUrl');
      if (!base) throw new Error('the e2e global setup did not start the product');
      const w = await newPage(browser!, viewport?.width, viewport?.height);
      pages.push(w);
      await w.page.goto(`${base}${path}`);
      return w;
    },
  };
}

export async function expectAccessible(w: WatchedPage): Promise<void> {
  expect(await seriousA11yViolations(w.page)).toEqual([]);
}

export function expectNoConsoleErrors(w: WatchedPage): void {
  expect(w.errors).toEqual([]);
}
