import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostingsResponse } from '@credpulse/contracts';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { POSTINGS_SPEC, PostingsService } from '../../apps/api/src/modules/postings/postings.service.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

let t: TestApp;
let key: string;
const get = async (q: string) => t.http().get(`/api/metrics/postings?${q}`).set('X-API-Key', key);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

describe('postings in California, January to March 2025', () => {
  it('counts unique and total postings per month, new and active, as worked out by hand', async () => {
    const res = await get('region=state:06&from=2025-01&to=2025-03');
    expect(res.status).toBe(200);
    const body = res.body as PostingsResponse;
    // Jan: p1, p2 unique + p3 duplicate; active p9 (ends Jan 15), p1, p2. Feb: p4, p5; active p1, p4, p5. Mar: active p4.
    expect(body.rows).toEqual([
      { key: '2025-01', unique: 2, total: 3, intensity: 1.5, new: 2, active: 3, partial: false, months: 1, monthsInPeriod: 1 },
      { key: '2025-02', unique: 2, total: 2, intensity: 1, new: 2, active: 3, partial: false, months: 1, monthsInPeriod: 1 },
      { key: '2025-03', unique: 0, total: 0, intensity: null, new: 0, active: 1, partial: false, months: 1, monthsInPeriod: 1 },
    ]);
    // durations 36, 10, 40, 14 days -> median (discrete) 14, p75 36; wages 40k, 42k, 90k, 120k -> median bin 42k -> 42,500
    expect(body.totals).toEqual({ unique: 4, total: 5, intensity: 1.25, activeLastMonth: 1, medianDurationDays: 14, p75DurationDays: 36, medianAnnualWage: 42500, postingsWithWage: 4 });
    expect(body.query).toMatchObject({ from: '2025-01', to: '2025-03', region: 'state:06', granularity: 'month', groupBy: 'month', limit: 100 });
    expect(body).toMatchObject({ truncated: false, suppressedCells: 0, k: 10, methodVersion: 'postings@1.0.0', demo: false });
  });

  it('agrees with hand-written SQL over the raw table when grouped by county (a raw-only dimension)', async () => {
    const res = await get('region=state:06&from=2025-01&to=2025-03&groupBy=county');
    const sql: { key: string; unique: number; total: number }[] = await t.ds.query(`
      SELECT county_fips AS key, count(*) FILTER (WHERE NOT is_duplicate)::int AS unique, count(*)::int AS total
      FROM job_posting WHERE state_fips = '06' AND posted_date >= '2025-01-01' AND posted_date < '2025-04-01' GROUP BY 1`);
    const byKey = Object.fromEntries(sql.map((r) => [r.key, [r.unique, r.total]]));
    expect(Object.fromEntries((res.body as PostingsResponse).rows.map((r) => [r.key, [r.unique, r.total]]))).toEqual(byKey);
    expect(res.body.rows[0]).toMatchObject({ key: '06037', unique: 2, total: 3 });
  });

  it('marks a quarter the range or the data covers only in part as partial, with its months, and says how many months the totals cover', async () => {
    const [{ last }] = await t.ds.query(`SELECT to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS last`);
    // Q1 cut by from=2025-02: 2 of 3 months; the quarter after the last month with data: none of its months.
    const cut = await get('from=2025-02&to=2025-03&granularity=quarter');
    expect(cut.body.rows[0]).toMatchObject({ key: '2025-Q1', partial: true, months: 2, monthsInPeriod: 3 });
    const [y, m] = last.split('-').map(Number);
    const after = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
    const beyond = await get(`from=${last}&to=${after}`);
    expect(beyond.body.rows.map((r: { key: string; partial: boolean }) => [r.key, r.partial])).toEqual([
      [last, false],
      [after, true],
    ]);
    expect(beyond.body.coverage).toMatchObject({ months: 1, monthsInPeriod: 2, partial: true, lastMonth: last });
  });

  it('sums a quarter and flags truncation when limit cuts the groups', async () => {
    const q = await get('from=2025-01&to=2025-03&granularity=quarter');
    expect(q.body.rows).toEqual([{ key: '2025-Q1', unique: 7, total: 8, intensity: 1.1429, new: 7, active: 8, partial: false, months: 3, monthsInPeriod: 3 }]);
    expect(q.body.coverage).toMatchObject({ months: 3, monthsInPeriod: 3, partial: false });
    const g = await get('from=2025-01&to=2025-03&groupBy=state&limit=1');
    expect(g.body.rows).toEqual([{ key: '06', unique: 4, total: 5, intensity: 1.25 }]);
    expect(g.body.truncated).toBe(true);
  });
});

describe('rollups and raw rows give the same answers', () => {
  const cases = [
    'from=2025-01&to=2025-03',
    'region=state:06&from=2024-12&to=2025-04',
    'naics=62&from=2025-01&to=2025-03&granularity=quarter',
    'naics=54&from=2025-01&to=2025-03&groupBy=state',
    'region=state:48&from=2025-01&to=2025-06&groupBy=naics2',
    'from=2025-01&to=2025-03&groupBy=degree',
    // sector-filtered wage and duration medians come from the sector histograms
    'naics=62&region=state:06&from=2024-12&to=2025-03',
  ];
  for (const c of cases) {
    it(c, async () => {
      const filters = t.app.get(FilterService);
      const svc = t.app.get(PostingsService);
      const f = await filters.parse(Object.fromEntries(new URLSearchParams(c)), POSTINGS_SPEC);
      const viaRollup = await svc.compute(f);
      const viaRaw = await svc.compute(f, { raw: true });
      expect(viaRollup.notes).toContain('Answered from the monthly rollups.');
      expect(viaRollup.rows).toEqual(viaRaw.rows);
      expect(viaRollup.totals).toEqual(viaRaw.totals);
    });
  }

  it('stays equal after an incremental refresh of the months a new ingest touched', async () => {
    await t.ds.query(`INSERT INTO job_posting(source_key, title, state_fips, county_fips, naics_code, soc_code, posted_date, expires_date, salary_annual, degree_level)
                      VALUES ('p-late', 'CNA', '06', '06037', '621111', '31-1131', '2025-03-28', '2025-05-02', 43000, 1)`);
    await refreshRollups(t.ds, { since: '2025-03-28' });
    const f = await t.app.get(FilterService).parse({ region: 'state:06', from: '2025-01', to: '2025-05' }, POSTINGS_SPEC);
    const a = await t.app.get(PostingsService).compute(f);
    const b = await t.app.get(PostingsService).compute(f, { raw: true });
    expect(a.rows).toEqual(b.rows);
    expect(a.totals).toEqual(b.totals);
    expect(a.rows.find((r) => r.key === '2025-04')?.active).toBe(1);
    await t.ds.query(`DELETE FROM job_posting WHERE source_key = 'p-late'`);
    await refreshRollups(t.ds, { since: '2025-03-01' });
  });
});
