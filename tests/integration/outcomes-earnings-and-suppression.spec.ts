import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';

// Hand-built: three credentials awarded in May 2024 (award quarter 2024Q2).
//   C1 12 earners, C2 4 earners: no wage records.
//   C3 25 earners: 2023Q4 wage 3000 and 2024Q1 wage 3400 (mean 3200);
//      2024Q3 (q+1): 14 employed at 4000, 4500, ..., 10500; 11 not employed;
//      2024Q4 (q+2): all 25 employed at 6000; 2025Q2 (q+4): 6 records only.
// Ids are looked up: the credential catalog (loaded with the taxonomies) already holds rows.
const ids = { provider: 0, c1: 0, c2: 0, c3: 0 };

async function seed(t: TestApp): Promise<void> {
  await truncateFacts(t.ds);
  await t.ds.query(`DELETE FROM provider WHERE source_key LIKE 'test:%'`);
  [{ id: ids.provider }] = await t.ds.query(`INSERT INTO provider (source_key, name) VALUES ('test:p1', 'Valley College') RETURNING id`);
  const made: { id: number; source_key: string }[] = await t.ds.query(
    `INSERT INTO credential (source_key, name, type, provider_id) VALUES
      ('test:c1', 'Data Analytics Certificate', 'certificate', $1), ('test:c2', 'Help Desk Badge', 'badge', $1),
      ('test:c3', 'Cloud Practitioner', 'certification', $1) RETURNING id, source_key`,
    [ids.provider],
  );
  for (const m of made) ids[m.source_key.slice(5) as 'c1' | 'c2' | 'c3'] = m.id;
  const awards: string[] = [];
  const outcomes: string[] = [];
  const add = (cred: number, n: number) => {
    const id = [0, ids.c1, ids.c2, ids.c3][cred];
    for (let i = 0; i < n; i++) awards.push(`('a${cred}-${i}', 'L${cred}-${i}', ${id}, '2024-05-10', '06')`);
  };
  add(1, 12);
  add(2, 4);
  add(3, 25);
  for (let i = 0; i < 25; i++) {
    const l = `L3-${i}`;
    outcomes.push(`('${l}', '2023-10-01', true, 3000)`, `('${l}', '2024-01-01', true, 3400)`);
    outcomes.push(i < 14 ? `('${l}', '2024-07-01', true, ${4000 + 500 * i})` : `('${l}', '2024-07-01', false, NULL)`);
    outcomes.push(`('${l}', '2024-10-01', true, 6000)`);
    if (i < 6) outcomes.push(`('${l}', '2025-04-01', true, 7000)`);
  }
  await t.ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, state_fips) VALUES ${awards.join(',')}`);
  await t.ds.query(`INSERT INTO learner_outcome (learner_key, quarter, employed, wage) VALUES ${outcomes.join(',')}`);
  await refreshRollups(t.ds);
}

describe('GET /api/metrics/outcomes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t);
  });
  afterAll(() => t.close());

  const get = (q: string) => t.http().get(`/api/metrics/outcomes?from=2024-01&to=2024-12&${q}`);

  it('employment rate and wage percentiles at 1 quarter match hand-computed values and hand-written SQL', async () => {
    const res = await get('groupBy=credential');
    expect(res.status).toBe(200);
    const c3 = res.body.rows.find((r: { key: string }) => r.key === String(ids.c3));
    expect(c3.label).toBe('Cloud Practitioner');
    expect(c3.earners).toEqual({ value: 25, suppressed: false });
    const q1 = c3.quarters.find((q: { quarter: number }) => q.quarter === 1);
    expect(q1.withData.value).toBe(25);
    expect(q1.employed.value).toBe(14);
    expect(q1.employmentRate).toBeCloseTo(14 / 25, 12);
    // 14 wages 4000..10500 in $250 bins (a wage stands for its bin's midpoint: 4000 -> 4125):
    // type-7 percentiles at h = 3.25, 6.5, 9.75
    expect([q1.wageP25, q1.wageMedian, q1.wageP75]).toEqual([5750, 7375, 9000]);
    // changes: 11 x (0 - 3200), then 800, 1300, ...: the 13th of 25 is 1300, in the bin 1250..1500
    expect(q1.medianWageChange).toBe(1375);

    const [sql] = await t.ds.query(`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(o.wage / 250) * 250 + 125) AS median, count(*) FILTER (WHERE o.employed) AS employed
      FROM credential_award a JOIN learner_outcome o ON o.learner_key = a.learner_key AND o.quarter = '2024-07-01'
      WHERE a.credential_id = $1`, [ids.c3]);
    expect(q1.wageMedian).toBe(Number(sql.median));
    expect(q1.employed.value).toBe(Number(sql.employed));

    const q2 = c3.quarters.find((q: { quarter: number }) => q.quarter === 2);
    expect(q2.employmentRate).toBe(1);
    expect(q2.wageMedian).toBe(6125);
    expect(q2.medianWageChange).toBe(2875);
  });

  it('a group under k is null with suppressed: true, and subtraction from the total does not recover it', async () => {
    const res = await get('groupBy=credential');
    const rows = res.body.rows as { key: string; earners: { value: number | null; suppressed: boolean; reason?: string } }[];
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r.earners]));
    expect(byKey[ids.c2]).toEqual({ value: null, suppressed: true, reason: 'primary' });
    // the smallest sibling is hidden too, so total - shown rows = C1 + C2, not C2
    expect(byKey[ids.c1]).toEqual({ value: null, suppressed: true, reason: 'complementary' });
    expect(byKey[ids.c3].value).toBe(25);
    expect(res.body.totals.earners.value).toBe(41);
    const shown = rows.filter((r) => !r.earners.suppressed).reduce((s, r) => s + r.earners.value!, 0);
    expect(rows.filter((r) => r.earners.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(res.body.totals.earners.value - shown).toBe(16); // 12 + 4: neither alone
    expect(JSON.stringify(res.body)).not.toMatch(/"value":4[,}]/);
    expect(res.body.suppressedCells).toBeGreaterThanOrEqual(2);
    expect(res.body.k).toBe(10);
    expect(res.body.methodVersion).toBe('outcomes@1.1.0+disclosure@1.0.0');
  });

  it('percentiles and rates of fewer than k earners are withheld (6 records at q+4)', async () => {
    const res = await get('groupBy=credential');
    const q4 = res.body.rows.find((r: { key: string }) => r.key === String(ids.c3)).quarters.find((q: { quarter: number }) => q.quarter === 4);
    expect(q4.withData).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(q4.employmentRate).toBeNull();
    expect(q4.wageMedian).toBeNull();
    expect(q4.medianWageChange).toBeNull();
  });

  it('k can be raised per request but never lowered', async () => {
    const up = await get('groupBy=credential&k=30');
    expect(up.status).toBe(200);
    expect(up.body.k).toBe(30);
    expect(up.body.rows.every((r: { earners: { value: number | null } }) => r.earners.value === null)).toBe(true);
    const down = await get('k=5');
    expect(down.status).toBe(400);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(down.body.parameter).toBe('k');
  });

  it('a groupBy outside the allow-list is a 400 naming the parameter', async () => {
    const res = await get('groupBy=credentials');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ parameter: 'groupBy', suggestion: 'credential' });
  });

  it('groups by provider with the same figures as the total', async () => {
    const res = await get('groupBy=provider');
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({ key: String(ids.provider), label: 'Valley College', earners: { value: 41, suppressed: false } });
  });
});
