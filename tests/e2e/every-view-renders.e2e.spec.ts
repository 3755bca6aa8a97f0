import { describe, expect, it } from 'vitest';
import { screenshot, settled } from './support/chromium';
import { browserMissing, expectAccessible, expectNoConsoleErrors, useBrowser } from './support/session';

const VIEWS = [
  { path: '/', name: 'overview', heading: 'Overview' },
  { path: '/recognition', name: 'recognition', heading: 'Employer recognition' },
  { path: '/skill-gaps', name: 'skill-gaps', heading: 'Skill gaps' },
  { path: '/outcomes', name: 'outcomes', heading: 'Outcomes' },
  { path: '/programs', name: 'programs', heading: 'Program demand' },
  { path: '/equity', name: 'equity', heading: 'Equity' },
  { path: '/pathways', name: 'pathways', heading: 'Pathways' },
  { path: '/saturation', name: 'saturation', heading: 'Saturation' },
  { path: '/upload', name: 'upload', heading: 'Upload data' },
  { path: '/admin', name: 'admin', heading: 'Administration' },
];

describe.skipIf(browserMissing)('every view of the dashboard renders demo data in a real browser', () => {
  const b = useBrowser();

  for (const v of VIEWS) {
    it(`${v.heading}: data, demo notice, no console errors, no serious axe violations`, async () => {
      const w = await b.open(v.path);
      await settled(w.page);
      await expect(w.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(v.heading);
      const banner = (await w.page.getByTestId('data-banner').textContent()) ?? '';
      expect(banner).toContain('Demo data');
      expect(banner).toMatch(/Data last loaded (?!never)/);
      expect(await w.page.locator('[role="alert"]').count(), await w.page.locator('[role="alert"]').allTextContents().then((t) => t.join(' | '))).toBe(0);
      if (v.name !== 'upload' && v.name !== 'admin') {
        // at least one chart with drawn marks, and no empty-state in place of the main chart
        const drawn = await w.page.locator('figure.chart .recharts-surface path, figure.chart path[data-has-value="true"]').count();
        expect(drawn).toBeGreaterThan(0);
      }
      await screenshot(w.page, v.name);
      await expectAccessible(w);
      expectNoConsoleErrors(w);
    });
  }

  it('is readable on a phone (390 px wide): no horizontal scrolling of the page', async () => {
    const w = await b.open('/', { width: 390, height: 844 });
    await settled(w.page);
    const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(w.page, 'overview-phone');
    expectNoConsoleErrors(w);
  });

  it('every chart offers a table view and a CSV of exactly what it shows', async () => {
    const w = await b.open('/');
    await settled(w.page);
    const chart = w.page.getByTestId('chart-postings-trend');
    await chart.getByRole('button', { name: 'View as table' }).click();
    const rows = await chart.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    const [download] = await Promise.all([w.page.waitForEvent('download'), chart.getByRole('button', { name: 'Download CSV' }).click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8').trim().split(/\r\n/);
    expect(csv[0]).toBe('Period,Unique postings,New postings,Active postings,Data coverage');
    expect(csv.length - 1).toBe(rows);
    const firstCell = (await chart.locator('tbody tr').first().locator('th').textContent()) ?? '';
    expect(csv[1].split(',')[0]).toBe(firstCell);
    expectNoConsoleErrors(w);
  });
});
