import { describe, expect, it } from 'vitest';
import { marks, screenshot, settled } from './support/chromium';
import { browserMissing, chartTable, expectAccessible, expectNoConsoleErrors, useBrowser } from './support/session';

const num = (s: string) => Number(s.replace(/,/g, ''));

describe.skipIf(browserMissing)('which skills are most undersupplied?', () => {
  const b = useBrowser();

  it('lists skills by supply/demand ratio with both counts and the bucket, and follows the period filter', async () => {
    const w = await b.open('/skill-gaps');
    const { page } = w;
    await settled(page);
    expect(await marks(page, 'chart-gap-skills')).toBeGreaterThan(0);

    const rows = await chartTable(page, 'chart-gap-skills');
    expect(rows.length).toBeGreaterThan(2);
    // Skill, Demand, Supply, Ratio, Bucket: lowest ratio first, demand beside supply
    const ratios = rows.map((r) => r[3]).filter((r) => /^[\d.]+$/.test(r)).map(Number);
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
    expect(rows[0][4]).toMatch(/undersupplied/i);
    expect(num(rows[0][1])).toBeGreaterThan(0);
    // a suppressed supply is said in words, never shown as 0 with a ratio
    for (const r of rows) if (r[2].startsWith('suppressed')) expect(r[3]).toMatch(/^suppressed \(fewer than \d+ people\)$/);

    const months = await chartTable(page, 'chart-gap-trend');
    expect(months.length).toBe(12);

    // a shorter period through the month inputs: URL and figures follow
    await page.getByLabel('From month').fill('2026-05');
    await page.waitForURL(/from=2026-05/);
    await settled(page);
    const shorter = await chartTable(page, 'chart-gap-trend');
    expect(shorter.map((r) => r[0])).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);

    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('from'));
    await settled(page);
    expect((await chartTable(page, 'chart-gap-trend')).length).toBe(12);

    await screenshot(page, 'scenario-skill-gaps');
    await expectAccessible(w);
    expectNoConsoleErrors(w);
  });
});
