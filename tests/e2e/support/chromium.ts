import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { ContractValidator, type OpenApiDocument } from '../../support/openapi-contract';
import { root } from './build-web';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = join(root, 'tests/e2e/screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught page errors and API answers that break the OpenAPI contract, seen so far. */
  errors: string[];
}

let contract: Promise<ContractValidator | undefined> | undefined;
/** The running product's own OpenAPI document, fetched once per spec file. */
function productContract(): Promise<ContractValidator | undefined> {
  const base = inject('baseUrl');
  if (!base) return Promise.resolve(undefined);
  contract ??= fetch(`${base}/api/openapi.json`).then(async (r) => new ContractValidator((await r.json()) as OpenApiDocument));
  return contract;
}

export async function newPage(browser: Browser, width = 1280, height = 900): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  // The contract test (issue 19): every API answer the dashboard receives keeps the OpenAPI document.
  const validator = await productContract();
  if (validator) {
    page.on('response', async (res) => {
      const url = new URL(res.url());
      // 304: the browser revalidated its cached copy; the body it uses was checked when it came
      if (!url.pathname.startsWith('/api/') || res.status() === 304) return;
      const contentType = res.headers()['content-type'];
      let bodyUnavailable = false;
      const body =
        contentType && /[/+]json/.test(contentType)
          ? await res.json().catch((e: unknown) => {
              // "Request content was evicted from inspector cache" (uploads): nothing to check it against
              if (/getResponseBody|evicted/.test(String(e))) bodyUnavailable = true;
              return undefined;
            })
          : undefined;
      for (const p of validator.check({ method: res.request().method(), url: url.pathname, status: res.status(), contentType, body, bodyUnavailable })) errors.push(`contract: ${p}`);
    });
  }
  page.setDefaultTimeout(30_000);
  return { page, errors };
}

/** axe-core over the page: the serious and critical violations, as readable lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until no skeleton is on screen (every query of the view has answered). */
export async function settled(page: Page): Promise<void> {
  // the app has drawn the current URL (a filter change is rendered, its requests started)...
  await page.waitForFunction(() => document.documentElement.dataset.renderedUrl === `${location.pathname}${location.search}`, undefined, { timeout: 60_000, polling: 100 });
  await page.waitForTimeout(250);
  // ...and every request has answered
  await page.waitForFunction(() => document.documentElement.dataset.fetching === '0' && document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  await page.waitForLoadState('networkidle');
}

/** Number of drawn marks (bars, line paths, map areas with a value) inside a chart. */
export async function marks(page: Page, testId: string): Promise<number> {
  return page.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    const bars = el.querySelectorAll('.recharts-bar-rectangle path, .recharts-rectangle').length;
    const lines = [...el.querySelectorAll('.recharts-line-curve')].filter((p) => (p.getAttribute('d') ?? '').length > 10).length;
    const areas = el.querySelectorAll('path[data-has-value="true"]').length;
    return bars + lines + areas;
  });
}
