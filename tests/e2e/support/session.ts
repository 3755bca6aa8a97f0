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

/** Types into a labelled search picker and chooses the match whose text contains `option`. */
export async function pick(page: import('playwright-core').Page, label: string, text: string, option: string | RegExp): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(text);
  const list = page.getByRole('list', { name: `${label} matches` });
  await list.getByRole('button', { name: option }).first().click();
}

/** The text of a headline figure. */
export async function figure(page: import('playwright-core').Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

/** The rows of a chart's table view (opens it), as arrays of cell texts. */
export async function chartTable(page: import('playwright-core').Page, testId: string): Promise<string[][]> {
  const chart = page.getByTestId(testId);
  const toggle = chart.getByRole('button', { name: 'View as table' });
  if (await toggle.count()) await toggle.click();
  const rows = await chart.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
  await chart.getByRole('button', { name: 'View as chart' }).click();
  return rows;
}
