import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';

// Hand-built: badge A (30 earners, Jan 2024) stacks into certificate B; 12 of A's earners earn B,
// 6 after 3 months and 6 after 6 months. X (5 earners) is named by no posting.
// A's earners: sex F 18, M 9, unknown 3; low income true 20, false 10.
const ids = { a: 0, b: 0, x: 0 };
let s1 = '';

async function seed(t: TestApp): Promise<void> {
  await truncateFacts(t.ds);
  await t.ds.query(`DELETE FROM provider WHERE source_key LIKE 'test:%'`);
  await t.ds.query(`DELETE FROM region_population WHERE region_kind = 'state' AND region_code = '06'`);
  const [{ id: provider }] = await t.ds.query(`INSERT INTO provider (source_key, name) VALUES ('test:p2', 'Coast College') RETURNING id`);
  const made: { id: number; source_key: string }[] = await t.ds.query(
    `INSERT INTO credential (source_key, name, type, provider_id) VALUES
      ('test:a', 'IT Fundamentals Badge', 'badge', $1), ('test:b', 'IT Support Certificate', 'certificate', $1),
      ('test:x', 'Unnamed Certificate', 'certificate', $1) RETURNING id, source_key`,
    [provider],
  );
  for (const m of made) ids[m.source_key.slice(5) as 'a' | 'b' | 'x'] = m.id;
  await t.ds.query(`INSERT INTO credential_stack (part_id, whole_id) VALUES ($1, $2)`, [ids.a, ids.b]);
  [{ id: s1 }] = await t.ds.query(`SELECT id FROM skill ORDER BY id LIMIT 1`);
  await t.ds.query(`INSERT INTO credential_skill (credential_id, skill_id) VALUES ($1, $3), ($2, $3)`, [ids.a, ids.b, s1]);

  const rows: string[] = [];
  for (let i = 0; i < 30; i++) {
    const sex = i < 18 ? `'F'` : i < 27 ? `'M'` : 'NULL';
    rows.push(`('a-${i}', 'L${i}', ${ids.a}, '2024-01-15', '06', ${sex}, ${i < 20})`);
    if (i < 12) rows.push(`('b-${i}', 'L${i}', ${ids.b}, '${i < 6 ? '2024-04-15' : '2024-07-20'}', '06', NULL, NULL)`);
  }
  for (let i = 0; i < 5; i++) rows.push(`('x-${i}', 'X${i}', ${ids.x}, '2024-02-01', '06', NULL, NULL)`);
  await t.ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, state_fips, sex, low_income) VALUES ${rows.join(',')}`);

  const [{ id: posting }] = await t.ds.query(`INSERT INTO job_posting (source_key, title, posted_date, state_fips) VALUES ('test:j1', 'IT Support', '2024-03-01', '06') RETURNING id`);
  await t.ds.query(`INSERT INTO posting_credential (posting_id, credential_id, level) VALUES ($1, $2, 2), ($1, $3, 1)`, [posting, ids.a, ids.b]);
  await t.ds.query(`INSERT INTO region_population (region_kind, region_code, group_kind, group_value, population) VALUES
    ('state', '06', 'sex', 'F', 500), ('state', '06', 'sex', 'M', 500), ('state', '06', 'low_income', 'true', 300), ('state', '06', 'low_income', 'false', 700)`);
  // the metrics read the rollups where they can: refresh them as an ingest would
  await refreshRollups(t.ds);
}

describe('people metrics: equity, pathways, saturation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t);
  });
  afterAll(() => t.close());

  it('equity: groups under k are hidden in pairs so the total cannot give one back', async () => {
    const res = await t.http().get(`/api/metrics/equity?from=2024-01&to=2024-12&region=state:06&credential=${ids.a}&dimension=sex`);
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.rows.map((r: { group: string }) => [r.group, r]));
    expect(res.body.totals.awards.value).toBe(30);
    expect(by.F.awards.value).toBe(18);
    expect(by.F.awardShare).toBe(0.6);
    expect(by.M.awards).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(by.unknown.awards).toEqual({ value: null, suppressed: true, reason: 'primary' });
    // shares built from hidden counts would leak them: share of known awards is withheld
    expect(by.F.shareOfKnown).toBeNull();
    expect(by.M.awardShare).toBeNull();
    expect(by.F.populationShare).toBe(0.5);
    expect(res.body.suppressedCells).toBe(2);
  });

  it('equity: award share against population share where population is loaded', async () => {
    const res = await t.http().get(`/api/metrics/equity?from=2024-01&to=2024-12&region=state:06&credential=${ids.a}&dimension=low_income`);
    const low = res.body.rows.find((r: { group: string }) => r.group === 'true');
    expect(low.awards.value).toBe(20);
    expect(low.shareOfKnown).toBeCloseTo(2 / 3, 12);
    expect(low.populationShare).toBe(0.3);
    expect(low.representation).toBeCloseTo(2 / 3 / 0.3, 12);
    const noPop = await t.http().get(`/api/metrics/equity?from=2024-01&to=2024-12&region=state:48&credential=${ids.a}&dimension=low_income`);
    expect(noPop.body.rows.every((r: { populationShare: number | null }) => r.populationShare === null)).toBe(true);
    expect(noPop.body.notes.join(' ')).toMatch(/No population loaded for low_income/);
  });

  it('pathways: share of A earners who later earn B and median months, checked against SQL', async () => {
    const res = await t.http().get(`/api/metrics/pathways?from=2024-01&to=2024-12&credential=${ids.a}`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(1);
    const r = res.body.rows[0];
    expect(r.toCredential.id).toBe(ids.b);
    expect(r.earnersFrom.value).toBe(30);
    expect(r.laterTo.value).toBe(12);
    expect(r.share).toBe(0.4);
    expect(r.medianMonths).toBe(4.5); // 6 x 3 months and 6 x 6 months
    const [sql] = await t.ds.query(
      `SELECT count(DISTINCT b.learner_key)::int AS n FROM credential_award a JOIN credential_award b
         ON b.learner_key = a.learner_key AND b.credential_id = $2 AND b.award_date >= a.award_date WHERE a.credential_id = $1`,
      [ids.a, ids.b],
    );
    expect(r.laterTo.value).toBe(sql.n);

    const strict = await t.http().get(`/api/metrics/pathways?from=2024-01&to=2024-12&credential=${ids.a}&k=20`);
    expect(strict.body.k).toBe(20);
    expect(strict.body.rows[0].laterTo).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(strict.body.rows[0].share).toBeNull();
    expect(strict.body.rows[0].medianMonths).toBeNull();
  });

  it('saturation: X is unrecognized, and its small count is hidden in the row and in the total', async () => {
    const res = await t.http().get(`/api/metrics/saturation?from=2024-01&to=2024-12&view=unrecognized`);
    expect(res.status).toBe(200);
    expect(res.body.totals.unrecognized).toBe(1);
    expect(res.body.totals.credentialsAwarded).toBe(3);
    expect(res.body.rows).toEqual([{ kind: 'credential', credentialId: ids.x, name: 'Unnamed Certificate', awards: { value: null, suppressed: true, reason: 'primary' } }]);
    // the total of the unrecognized is X alone (5 < k): hidden in its own right
    expect(res.body.totals.unrecognizedAwards).toEqual({ value: null, suppressed: true, reason: 'primary' });
  });

  it('saturation: credentials aligned to a skill and their awards, checked against SQL', async () => {
    const res = await t.http().get(`/api/metrics/saturation?from=2024-01&to=2024-12&skill=${encodeURIComponent(s1)}`);
    expect(res.status).toBe(200);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM credential_skill WHERE skill_id = $1`, [s1]);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({ kind: 'skill', skillId: s1, credentials: n, awards: { value: 42, suppressed: false } });
  });

  it('bad parameters are 400 problems naming the parameter', async () => {
    const view = await t.http().get('/api/metrics/saturation?view=skill');
    expect(view.status).toBe(400);
    expect(view.body).toMatchObject({ parameter: 'view', suggestion: 'skills' });
    const dim = await t.http().get('/api/metrics/equity?dimension=gender');
    expect(dim.status).toBe(400);
    expect(dim.body.parameter).toBe('dimension');
    const k = await t.http().get('/api/metrics/pathways?k=3');
    expect(k.status).toBe(400);
    expect(k.body.parameter).toBe('k');
  });
});
