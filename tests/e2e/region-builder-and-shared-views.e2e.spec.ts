import { describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { screenshot, settled } from './support/chromium';
import { E2E_ADMIN } from './support/server';
import { browserMissing, expectAccessible, useBrowser } from './support/session';

// Issue 17: a workforce board's analyst draws the board's region from five counties on the map,
// saves it, finds it again after a reload, and filters every view, the regional report and an
// export by it; then saves a view and a colleague opens it by its share link.
const VIEWS = ['/', '/recognition', '/skill-gaps', '/outcomes', '/programs', '/equity', '/pathways', '/saturation', '/peers'];
const COLLEAGUE = { email: 'colleague@e2e.example.org', password: 'colleague-password-123' };
// E2E_HAS_ADMIN=1 with E2E_BASE_URL: a product already running with the e2e admin (while developing).
// refused requests (a 401 before sign-in) are expected; anything else in the console is not
const unexpected = (errors: string[]) => errors.filter((e) => !/status of 40[13]/.test(e));

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(browserMissing || (!!process.env.E2E_BASE_URL && !process.env.E2E_HAS_ADMIN))('a board builds its region, filters every view by it and shares a saved view', () => {
  const b = useBrowser();
  let regionCode = '';
  const regionName = `Southern California WDB ${Date.now() % 100000}`;

  it('draws a region from five counties (three clicked on the map, one searched, one pasted), saves it and finds it after a reload', async () => {
    const w = await b.open('/regions');
    const { page } = w;
    await settled(page);
    await signIn(page, E2E_ADMIN);
    const map = page.getByTestId('county-map');
    await map.locator('path[data-fips="06065"]').waitFor({ timeout: 60_000 });
    // a click on a county adds it; a second click removes it again
    for (const fips of ['06065', '06071', '06059', '06037']) await map.locator(`path[data-fips="${fips}"]`).dispatchEvent('click');
    await map.locator('path[data-fips="06037"]').dispatchEvent('click');
    expect(await page.getByTestId('county-count').textContent()).toBe('3');
    await page.getByLabel('Add a county', { exact: true }).fill('Ventura');
    await page.getByRole('list', { name: 'Add a county matches' }).getByRole('button', { name: /Ventura County, CA/ }).first().click();
    await page.getByLabel('County FIPS codes').fill('06073, not-a-code');
    await page.getByRole('button', { name: 'Add codes' }).click();
    await expect(page.getByRole('status').filter({ hasText: /added/ }).textContent()).resolves.toMatch(/1 code added; not county FIPS codes: not-a-code/);
    expect(await page.getByTestId('county-count').textContent()).toBe('5');
    expect(await map.locator('path[data-has-value="true"]').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-fips')).sort())).toEqual(['06059', '06065', '06071', '06073', '06111']);

    await page.getByLabel('Region name').fill(regionName);
    await page.getByRole('button', { name: 'Save region' }).click();
    const saved = (await page.getByTestId('region-saved').textContent()) ?? '';
    expect(saved).toContain('(5 counties)');
    regionCode = /custom:\d+/.exec(saved)![0];
    await screenshot(page, 'scenario-region-builder');

    await page.reload();
    await settled(page);
    const row = page.getByTestId('saved-region').filter({ hasText: regionName });
    await expect(row.locator('td').first().textContent()).resolves.toBe('5');
    await expectAccessible(w);
    expect(unexpected(w.errors)).toEqual([]);
  }, 300_000);

  it('filters every view, the regional report and a metric export by the saved region', async () => {
    expect(regionCode).toMatch(/^custom:\d+$/);
    const w = await b.open('/');
    const { page } = w;
    const asked: { url: string; status: number }[] = [];
    page.on('response', (r: Response) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/') && u.searchParams.get('region') === regionCode) asked.push({ url: `${u.pathname}`, status: r.status() });
    });
    for (const view of VIEWS) {
      await page.goto(new URL(`${view}?region=${regionCode}`, page.url()).toString());
      await settled(page);
      // the Region filter names the saved region, and nothing failed
      await expect(page.getByTestId('region-value').textContent(), view).resolves.toBe(regionName);
      const alerts = await page.locator('[role="alert"]').allTextContents();
      expect(alerts, view).toEqual([]);
    }
    // each view asked the API with the custom region, and every answer was a success
    const paths = new Set(asked.map((a) => a.url));
    for (const api of ['/api/metrics/postings', '/api/metrics/recognition', '/api/metrics/skill-gap', '/api/metrics/outcomes', '/api/metrics/program-demand', '/api/metrics/equity', '/api/metrics/pathways', '/api/metrics/saturation', '/api/peers']) {
      expect(paths.has(api), `${api} was asked with region=${regionCode}`).toBe(true);
    }
    expect(asked.filter((a) => a.status >= 400)).toEqual([]);

    await page.goto(new URL(`/reports/region/${regionCode}`, page.url()).toString());
    await settled(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(regionName);

    const csv = await page.request.get(new URL(`/api/exports/metrics/postings?format=csv&region=${regionCode}`, page.url()).toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toMatch(/attachment/);
    expect(unexpected(w.errors)).toEqual([]);
  }, 300_000);

  it('saves a view with a name and a note, pins it, and a signed-in colleague opens it by its share link', async () => {
    const w = await b.open('/admin');
    const { page } = w;
    await settled(page);
    await signIn(page, E2E_ADMIN);
    // the colleague: a viewer account, made through the admin page
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.evaluate(async (c) => {
      const me = await (await fetch('/api/auth/me')).json();
      await fetch('/api/admin/users', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ ...c, role: 'viewer' }) });
    }, COLLEAGUE);

    await page.goto(new URL(`/recognition?region=${regionCode}&from=2025-01&to=2025-06`, page.url()).toString());
    await settled(page);
    await page.getByText('Save this view').click();
    await page.getByLabel('View name').fill('Recognition in our region, H1 2025');
    await page.getByLabel('Note').fill('For the March board meeting');
    await page.getByLabel('Pin to the board home page').check();
    await page.getByRole('button', { name: 'Save view' }).click();
    const link = ((await page.getByTestId('share-link').textContent()) ?? '').trim();
    expect(link).toMatch(/\/views\/\d+$/);
    await screenshot(page, 'scenario-save-view');

    // a colleague, in another browser session, follows the link: signs in and lands on the same view
    const other = await b.open(new URL(link).pathname);
    await settled(other.page);
    await signIn(other.page, COLLEAGUE);
    await other.page.waitForURL(/\/recognition\?/, { timeout: 30_000 });
    await settled(other.page);
    const u = new URL(other.page.url());
    expect(u.pathname).toBe('/recognition');
    expect(Object.fromEntries(u.searchParams)).toEqual({ region: regionCode, from: '2025-01', to: '2025-06' });
    await expect(other.page.getByTestId('region-value').textContent()).resolves.toBe(regionName);

    // the board home page lists the pinned view with its note
    await other.page.goto(new URL('/board', other.page.url()).toString());
    await settled(other.page);
    const card = other.page.getByTestId('pinned-view').filter({ hasText: 'Recognition in our region, H1 2025' });
    await expect(card.textContent()).resolves.toContain('For the March board meeting');
    await screenshot(other.page, 'scenario-board-home');
    await expectAccessible(other);
    expect(unexpected(other.errors)).toEqual([]);
    expect(unexpected(w.errors)).toEqual([]);
  }, 300_000);
});
