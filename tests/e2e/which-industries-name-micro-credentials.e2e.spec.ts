import { describe, expect, it } from 'vitest';
import { marks, screenshot, settled } from './support/chromium';
import { browserMissing, chartTable, expectAccessible, expectNoConsoleErrors, figure, pick, useBrowser } from './support/session';

describe.skipIf(browserMissing)('which industries in a region name micro-credentials most, and is that rising?', () => {
  const b = useBrowser();

  it('ranks industries by recognition, narrows to a region, drills into subsectors, and keeps it all in the URL', async () => {
    const w = await b.open('/recognition');
    const { page } = w;
    await settled(page);

    // the headline answer and the industry chart, nationally
    expect(await figure(page, 'fig-any-rate')).toMatch(/^\d+(\.\d)?%$/);
    expect(await marks(page, 'chart-recognition-industry')).toBeGreaterThan(0);
    const national = await figure(page, 'fig-postings');

    // "is that rising": a trend with several periods of shares
    const trend = await chartTable(page, 'chart-recognition-trend');
    expect(trend.length).toBeGreaterThanOrEqual(2);
    expect(trend.every((r) => /%$/.test(r[3]))).toBe(true);

    // a region, through the picker: URL and figures change
    await pick(page, 'Region', 'California', /^California/);
    await page.waitForURL(/region=state%3A06/);
    await settled(page);
    expect(await figure(page, 'fig-postings')).not.toBe(national);
    const caSectors = await chartTable(page, 'chart-recognition-industry');
    expect(caSectors.length).toBeGreaterThan(0);

    // drill into the top sector's subsectors
    await page.locator('[data-testid="chart-recognition-industry"] .recharts-bar-rectangle').first().click();
    await page.waitForURL(/naics=/);
    await settled(page);
    await expect(page.getByTestId('chart-recognition-industry').locator('h2').textContent()).resolves.toContain('3-digit subsector');
    const drilled = new URL(page.url()).searchParams;
    expect(drilled.get('region')).toBe('state:06');

    // back, forward and reload restore the same view
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('naics'));
    await settled(page);
    await expect(page.getByTestId('chart-recognition-industry').locator('h2').textContent()).resolves.toContain('by sector');
    await page.goForward();
    await page.waitForURL(/naics=/);
    await page.reload();
    await settled(page);
    await expect(page.getByTestId('chart-recognition-industry').locator('h2').textContent()).resolves.toContain('3-digit subsector');
    expect(await page.getByTestId('region-value').textContent()).toBe('California');

    await screenshot(page, 'scenario-recognition-california');
    await expectAccessible(w);
    expectNoConsoleErrors(w);
  });
});
