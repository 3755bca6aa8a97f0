import { describe, expect, it } from 'vitest';
import { marks, screenshot, settled } from './support/chromium';
import { browserMissing, expectAccessible, expectNoConsoleErrors, figure, pick, useBrowser } from './support/session';

describe.skipIf(browserMissing)("are a program's occupations in demand?", () => {
  const b = useBrowser();

  it('finds a program by name, shows its occupations, openings against completions, and follows the region', async () => {
    const w = await b.open('/programs');
    const { page } = w;
    await settled(page);
    expect(await marks(page, 'chart-programs-ranking')).toBeGreaterThan(0);

    await pick(page, 'Program (CIP)', 'Registered Nursing', /51\.3801/);
    await page.waitForURL(/cip=51\.3801/);
    await settled(page);
    expect(await page.getByTestId('program-title').textContent()).toContain('51.3801');
    const openings = await figure(page, 'fig-openings');
    expect(openings).toMatch(/^[\d,]+$/);
    expect(Number(openings.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(await figure(page, 'fig-completions')).not.toBe('');
    expect(await figure(page, 'fig-gap')).not.toBe('');
    expect(await marks(page, 'chart-program-socs')).toBeGreaterThan(0);
    expect(await marks(page, 'chart-program-trend')).toBeGreaterThan(0);

    await pick(page, 'Region', 'Texas', /^Texas/);
    await page.waitForURL(/region=state%3A48/);
    await settled(page);
    const inTexas = await figure(page, 'fig-openings');
    expect(inTexas).not.toBe(openings);
    expect(new URL(page.url()).searchParams.get('cip')).toBe('51.3801');

    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('region'));
    await settled(page);
    expect(await figure(page, 'fig-openings')).toBe(openings);

    await screenshot(page, 'scenario-program-nursing');
    await expectAccessible(w);
    expectNoConsoleErrors(w);
  });
});
