import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { marks, settled } from './support/chromium';
import { browserMissing, chartTable, expectNoConsoleErrors, useBrowser } from './support/session';

// Issue 15: trend charts used to be built in the browser with one request per quarter (eight for
// two years). The server now answers groupBy=period with a row per quarter, so each chart asks once.

/** Metric requests the page makes from now on, as URLs. */
function recordMetricRequests(page: Page): URL[] {
  const seen: URL[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/metrics/')) seen.push(u);
  });
  return seen;
}

/** The requests that differ only by their period (from/to): a chart asking once per period. */
function perPeriodFanOut(urls: URL[]): string[] {
  const groups = new Map<string, Set<string>>();
  for (const u of urls) {
    const p = new URLSearchParams(u.search);
    const period = `${p.get('from')}..${p.get('to')}`;
    p.delete('from');
    p.delete('to');
    p.sort();
    const key = `${u.pathname}?${p}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(period));
  }
  return [...groups].filter(([, periods]) => periods.size > 1).map(([k, periods]) => `${k}: ${[...periods].join(', ')}`);
}

describe.skipIf(browserMissing)('each trend chart is one request, whatever the length of the range', () => {
  const b = useBrowser();

  it('recognition over two years: the quarterly trend (8 quarters) comes from one groupBy=period request', async () => {
    const w = await b.open('/recognition?from=2024-01&to=2025-12');
    const seen = recordMetricRequests(w.page);
    await w.page.reload();
    await settled(w.page);
    expect(await marks(w.page, 'chart-recognition-trend')).toBeGreaterThan(0);
    const trend = await chartTable(w.page, 'chart-recognition-trend');
    expect(trend.map((r) => r[0])).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    const series = seen.filter((u) => u.pathname === '/api/metrics/recognition' && u.searchParams.get('groupBy') === 'period');
    expect(series.map((u) => [u.searchParams.get('granularity'), u.searchParams.get('from'), u.searchParams.get('to')])).toEqual([['quarter', '2024-01', '2025-12']]);
    expect(perPeriodFanOut(seen)).toEqual([]);
    // one request per chart: no more metric requests than charts on the page
    expect(seen.length).toBeLessThanOrEqual(await w.page.locator('[data-testid^="chart-"]').count());
    expectNoConsoleErrors(w);
  });

  it('a program over two years: openings per quarter from one request', async () => {
    const w = await b.open('/programs?cip=51.3801&from=2024-01&to=2025-12');
    const seen = recordMetricRequests(w.page);
    await w.page.reload();
    await settled(w.page);
    expect(await marks(w.page, 'chart-program-trend')).toBeGreaterThan(0);
    expect((await chartTable(w.page, 'chart-program-trend')).map((r) => r[0])).toHaveLength(8);
    const series = seen.filter((u) => u.pathname === '/api/metrics/program-demand' && u.searchParams.get('groupBy') === 'period');
    expect(series).toHaveLength(1);
    expect(series[0].searchParams.get('granularity')).toBe('quarter');
    expect(perPeriodFanOut(seen)).toEqual([]);
    expectNoConsoleErrors(w);
  });
});
