import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, settled } from './support/chromium';
import { E2E_ADMIN } from './support/server';
import { browserMissing, useBrowser } from './support/session';

// Issue 17: "pick counties on the map (click, lasso or search)". With the lasso on, a drag around
// counties adds every county whose centre (the centroid of its drawn shape) lies inside the drawn
// polygon; a click on a county no longer toggles it meanwhile.
async function signIn(page: Page) {
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(browserMissing || (!!process.env.E2E_BASE_URL && !process.env.E2E_HAS_ADMIN))('a board lassoes its counties on the map', () => {
  const b = useBrowser();

  it('a drag around the three Delaware counties selects exactly the counties whose centre is inside', async () => {
    const w = await b.open('/regions');
    const { page } = w;
    await settled(page);
    await signIn(page);
    const map = page.getByTestId('county-map');
    const delaware = ['10001', '10003', '10005'];
    await map.locator('path[data-fips="10001"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('lasso-toggle').click();
    await expect(page.getByTestId('lasso-toggle').getAttribute('aria-pressed')).resolves.toBe('true');

    await map.locator('path[data-fips="10003"]').scrollIntoViewIfNeeded();
    // the screen box around the three counties, a few pixels wider
    const boxes = await Promise.all(delaware.map((f) => map.locator(`path[data-fips="${f}"]`).boundingBox()));
    const x0 = Math.min(...boxes.map((b) => b!.x)) - 2;
    const y0 = Math.min(...boxes.map((b) => b!.y)) - 2;
    const x1 = Math.max(...boxes.map((b) => b!.x + b!.width)) + 2;
    const y1 = Math.max(...boxes.map((b) => b!.y + b!.height)) + 2;
    // a freehand drag: down at one corner, around the box, back, up
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const [x, y] of [
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0 + 1],
    ])
      await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.up();

    // what the lasso should take: every county whose drawn centre lies in that box (viewBox units)
    const expected = await map.locator('svg.map').evaluate(
      (svg, [ax, ay, bx, by]) => {
        const m = (svg as SVGSVGElement).getScreenCTM()!.inverse();
        const p0 = new DOMPoint(ax, ay).matrixTransform(m);
        const p1 = new DOMPoint(bx, by).matrixTransform(m);
        return [...svg.querySelectorAll('path[data-cx]')]
          .filter((p) => {
            const cx = Number(p.getAttribute('data-cx'));
            const cy = Number(p.getAttribute('data-cy'));
            return cx > p0.x && cx < p1.x && cy > p0.y && cy < p1.y;
          })
          .map((p) => p.getAttribute('data-fips')!)
          .sort();
      },
      [x0, y0, x1, y1],
    );
    expect(expected).toEqual(expect.arrayContaining(delaware));
    const chosen = await page.locator('ul.chosen-counties li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-fips')!).sort());
    expect(chosen).toEqual(expected);
    await expect(page.getByTestId('lasso-note').textContent()).resolves.toContain(`${expected.length} ${expected.length === 1 ? 'county' : 'counties'} inside`);
    expect(await map.locator('path[data-has-value="true"]').count()).toBe(expected.length);
    await screenshot(page, 'scenario-region-lasso');

    // with the lasso on, a click on one county does not toggle it
    await map.locator('path[data-fips="10003"]').dispatchEvent('click');
    expect(await page.getByTestId('county-count').textContent()).toBe(String(expected.length));
    // lasso off: clicks toggle again
    await page.getByTestId('lasso-toggle').click();
    await map.locator('path[data-fips="10003"]').dispatchEvent('click');
    expect(await page.getByTestId('county-count').textContent()).toBe(String(expected.length - 1));
    expect(w.errors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
  }, 300_000);
});
