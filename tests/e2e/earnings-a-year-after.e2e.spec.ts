import { describe, expect, it } from 'vitest';
import { marks, screenshot, settled } from './support/chromium';
import { browserMissing, chartTable, expectAccessible, expectNoConsoleErrors, figure, useBrowser } from './support/session';

describe.skipIf(browserMissing)('what do earners of a credential make a year later?', () => {
  const b = useBrowser();

  it('shows wage percentiles four quarters after the award, suppressed cells in words, and follows the controls', async () => {
    const w = await b.open('/outcomes');
    const { page } = w;
    await settled(page);

    expect(await page.getByLabel('Time after the award').inputValue()).toBe('4');
    const yearLater = await figure(page, 'fig-median-wage');
    expect(yearLater).toMatch(/^\$[\d,]+$/);
    expect(await marks(page, 'chart-outcomes-wages')).toBeGreaterThan(0);

    const rows = await chartTable(page, 'chart-outcomes-wages');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      // p25 <= median <= p75 in dollars
      const [p25, med, p75] = r.slice(1, 4).map((x) => Number(x.replace(/[$,]/g, '')));
      expect(p25).toBeLessThanOrEqual(med);
      expect(med).toBeLessThanOrEqual(p75);
      // people counts are shown or said to be suppressed, never 0 for a hidden cell
      for (const c of r.slice(4)) expect(c === '0' || c === '$0').toBe(false);
    }
    const body = (await page.locator('main').textContent()) ?? '';
    if (/suppress/i.test(body)) expect(body).toMatch(/suppressed \(fewer than 10 people\)/);

    // one quarter after: URL and the figure change
    await page.getByLabel('Time after the award').selectOption('1');
    await page.waitForURL(/quarter=1/);
    await settled(page);
    expect(await figure(page, 'fig-median-wage')).not.toBe(yearLater);

    // by provider
    await page.getByLabel('Compare by').selectOption('provider');
    await page.waitForURL(/groupBy=provider/);
    await settled(page);
    const title = (await page.locator('figure.chart h2').first().textContent()) ?? (await page.locator('.state-empty').first().textContent());
    expect(title).toMatch(/provider/);

    await page.goBack();
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('quarter') && !u.searchParams.has('groupBy'));
    await settled(page);
    expect(await figure(page, 'fig-median-wage')).toBe(yearLater);

    await screenshot(page, 'scenario-outcomes');
    await expectAccessible(w);
    expectNoConsoleErrors(w);
  });
});
