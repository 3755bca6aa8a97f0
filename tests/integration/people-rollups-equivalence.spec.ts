import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { CATALOGUE } from '../../apps/api/src/modules/analytics/catalogue/catalogue.js';
import { fillEmptyDerivedRollups, refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { OUTCOMES_SPEC, OutcomesService } from '../../apps/api/src/modules/outcomes/outcomes.service.js';
import { OutcomesRepository } from '../../apps/api/src/modules/outcomes/outcomes.repository.js';
import { PATHWAYS_SPEC, PathwaysService } from '../../apps/api/src/modules/pathways/pathways.service.js';

// Generated (fixed seed): 4 credentials from 2 providers, D aligned to two sectors; A stacks into B
// and C, B into D. 400 learners with 1-3 awards each over 2023-2025 in California and Texas
// (some with a county only, some awarded the same credential twice, some twice on one day),
// quarterly outcome records around their awards. The outcomes and pathways answers must be the
// same from the rollups as from the raw rows, before and after an incremental refresh.
const ids = { p1: 0, p2: 0, a: 0, b: 0, c: 0, d: 0 };

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

async function seed(t: TestApp): Promise<void> {
  await truncateFacts(t.ds);
  await t.ds.query(`DELETE FROM provider WHERE source_key LIKE 'test:%'`);
  const provs: { id: number; source_key: string }[] = await t.ds.query(
    `INSERT INTO provider (source_key, name) VALUES ('test:pr1', 'North College'), ('test:pr2', 'South Institute') RETURNING id, source_key`,
  );
  [ids.p1, ids.p2] = provs.map((p) => p.id);
  const made: { id: number; source_key: string }[] = await t.ds.query(
    `INSERT INTO credential (source_key, name, type, provider_id) VALUES
      ('test:ra', 'Networking Badge', 'badge', $1), ('test:rb', 'Network Technician Certificate', 'certificate', $1),
      ('test:rc', 'Security Badge', 'badge', $2), ('test:rd', 'IT Diploma', 'certificate', $2) RETURNING id, source_key`,
    [ids.p1, ids.p2],
  );
  for (const m of made) ids[m.source_key.slice(6) as 'a' | 'b' | 'c' | 'd'] = m.id;
  await t.ds.query(`INSERT INTO credential_stack (part_id, whole_id) VALUES ($1, $2), ($1, $3), ($2, $4)`, [ids.a, ids.b, ids.c, ids.d]);
  const naics: { code: string }[] = await t.ds.query(`SELECT code FROM naics WHERE level = 2 ORDER BY code LIMIT 2`);
  await t.ds.query(`INSERT INTO credential_naics (credential_id, naics_code) VALUES ($1, $3), ($2, $3), ($2, $4)`, [ids.a, ids.d, naics[0].code, naics[1].code]);
  const counties: { fips: string }[] = await t.ds.query(`SELECT fips FROM county WHERE left(fips, 2) IN ('06', '48') ORDER BY fips LIMIT 6`);

  const r = rng(7);
  const creds = [ids.a, ids.a, ids.a, ids.b, ids.b, ids.c, ids.d];
  const awards: string[] = [];
  const outcomes = new Map<string, string>();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  for (let l = 0; l < 400; l++) {
    const n = 1 + Math.floor(r() * 3);
    let date = new Date(Date.UTC(2023, 0, 1) + Math.floor(r() * 900) * 86400000);
    const first = date;
    for (let i = 0; i < n; i++) {
      const cred = i === 0 ? creds[Math.floor(r() * 3)] : creds[Math.floor(r() * creds.length)];
      const cty = counties[Math.floor(r() * counties.length)].fips;
      const state = r() < 0.15 ? 'NULL' : `'${cty.slice(0, 2)}'`; // a county only: its state counts
      const cip = r() < 0.5 ? `'11.0901'` : 'NULL';
      awards.push(`('e${l}-${i}', 'EL${l}', ${cred}, '${day(date)}', '${cty}', ${state}, ${cip})`);
      if (r() < 0.1) awards.push(`('e${l}-${i}x', 'EL${l}', ${cred}, '${day(date)}', '${cty}', ${state}, ${cip})`); // same day twice
      date = new Date(date.getTime() + Math.floor(r() * 300) * 86400000);
    }
    // quarterly records from two quarters before the first award to four after the last, 70% present
    const q0 = Date.UTC(first.getUTCFullYear(), Math.floor(first.getUTCMonth() / 3) * 3 - 6, 1);
    for (let q = new Date(q0); q <= new Date(date.getTime() + 400 * 86400000); q = new Date(Date.UTC(q.getUTCFullYear(), q.getUTCMonth() + 3, 1))) {
      if (r() < 0.3) continue;
      const employed = r() < 0.75;
      const wage = employed ? (r() < 0.05 ? 'NULL' : String(Math.round(2000 + r() * 14000) + 0.25)) : 'NULL';
      outcomes.set(`EL${l}|${day(q)}`, `('EL${l}', '${day(q)}', ${employed}, ${wage})`);
    }
  }
  await t.ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip) VALUES ${awards.join(',')}`);
  await t.ds.query(`INSERT INTO learner_outcome (learner_key, quarter, employed, wage) VALUES ${[...outcomes.values()].join(',')}`);
  await refreshRollups(t.ds);
}

const CASES = [
  'from=2024-01&to=2024-12',
  'from=2024-01&to=2024-12&groupBy=provider',
  'from=2024-01&to=2024-12&groupBy=industry',
  'from=2023-01&to=2025-12&region=state:06',
  'from=2024-04&to=2024-06&region=state:48',
  'from=2024-03&to=2024-03',
  'from=2023-01&to=2025-12&credential=A',
  'from=2023-07&to=2024-06&provider=P2&region=state:06',
  'from=2023-01&to=2025-12&k=25',
  // national ranges (the cumulative rollup): from before the first award, past the last, wholly after it
  'from=2022-01&to=2023-03',
  'from=2025-06&to=2026-12',
  'from=2026-03&to=2026-08',
  'from=2024-01&to=2024-12&provider=P2',
  'from=2024-01&to=2024-12&credential=A&groupBy=provider',
];
const RAW_ONLY = ['from=2023-01&to=2025-12&region=county:C', 'from=2023-01&to=2025-12&cip=11.0901'];

describe('people rollups: outcomes and pathways agree with the raw rows', () => {
  let t: TestApp;
  let county = '';
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t);
    [{ county }] = await t.ds.query(`SELECT county_fips AS county FROM credential_award GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  });
  afterAll(() => t.close());

  const query = (q: string) =>
    Object.fromEntries(
      new URLSearchParams(q.replace('credential=A', `credential=${ids.a}`).replace('provider=P2', `provider=${ids.p2}`).replace('county:C', `county:${county}`)),
    );
  const outcomes = async (q: string) => {
    const f = await t.app.get(FilterService).parse(query(q), OUTCOMES_SPEC);
    return [await t.app.get(OutcomesService).compute(f), await t.app.get(OutcomesService).compute(f, { raw: true })] as const;
  };
  const pathways = async (q: string) => {
    const f = await t.app.get(FilterService).parse(query(q), PATHWAYS_SPEC);
    return [await t.app.get(PathwaysService).compute(f), await t.app.get(PathwaysService).compute(f, { raw: true })] as const;
  };
  const same = (a: { rows: unknown; totals: unknown; suppressedCells: number; truncated: boolean }, b: typeof a) => {
    expect(a.rows).toEqual(b.rows);
    expect(a.totals).toEqual(b.totals);
    expect(a.suppressedCells).toBe(b.suppressedCells);
    expect(a.truncated).toBe(b.truncated);
  };

  it('national ranges of 4 months or more read the cumulative rollup, the cases compare both paths', async () => {
    const reads = async (q: string) => t.app.get(OutcomesRepository).readsCumulative(await t.app.get(FilterService).parse(query(q), OUTCOMES_SPEC));
    const national = CASES.filter((c) => !c.includes('region='));
    const cum = [];
    for (const q of national) if (await reads(q)) cum.push(q);
    expect(cum.length).toBeGreaterThanOrEqual(8);
    expect(cum.length).toBeLessThan(national.length); // and the monthly rows for a short one
    expect(await reads('from=2024-01&to=2024-12&region=state:06')).toBe(false);
    expect(await reads('from=2024-01&to=2024-03')).toBe(false);
    expect(await reads('from=2024-01&to=2024-04')).toBe(true);
  });

  it('the cumulative rollup, emptied (as its migration leaves it), is filled at start-up as a refresh fills it', async () => {
    const table = CATALOGUE.outcomeCum.table;
    const rows = () => t.ds.query(`SELECT * FROM ${table} ORDER BY month, credential_id, q`);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    expect(await fillEmptyDerivedRollups(t.ds)).toBe(false);
    await t.ds.query(`DELETE FROM ${table}`);
    expect(await fillEmptyDerivedRollups(t.ds)).toBe(true);
    expect(await rows()).toEqual(before);
    // an incremental refresh over an emptied table fills every month, not only the recomputed ones
    await t.ds.query(`DELETE FROM ${table}`);
    await refreshRollups(t.ds, { since: '2025-06-01', facts: ['outcomes'] });
    expect(await rows()).toEqual(before);
  });

  for (const q of CASES) {
    it(`outcomes: ${q}`, async () => {
      const [a, b] = await outcomes(q);
      expect(a.notes).toContain('Answered from the monthly rollups.');
      expect(b.notes).not.toContain('Answered from the monthly rollups.');
      same(a, b);
    });
    it(`pathways: ${q.replace(/&groupBy=\w+/, '')}`, async () => {
      const [a, b] = await pathways(q.replace(/&groupBy=\w+/, ''));
      expect(a.notes).toContain('Answered from the monthly rollups.');
      same(a, b);
    });
  }

  it('the fixture exercises what it compares: shown and hidden counts, percentiles, later earners', async () => {
    const [o] = await outcomes('from=2023-01&to=2025-12');
    expect(o.totals.earners.value).toBeGreaterThan(300);
    expect(o.totals.quarters[0].wageMedian).not.toBeNull();
    expect(o.totals.quarters[0].medianWageChange).not.toBeNull();
    const [small] = await outcomes('from=2024-03&to=2024-03');
    expect(small.suppressedCells).toBeGreaterThan(0);
    const [p] = await pathways('from=2023-01&to=2025-12');
    expect(p.rows.length).toBe(3);
    expect(p.rows.some((r) => (r.laterTo.value ?? 0) > 0 && r.medianMonths !== null)).toBe(true);
  });

  it('a learner counts once per credential, at the first award of it, in both paths', async () => {
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM (SELECT learner_key, credential_id, min(award_date) AS first FROM credential_award GROUP BY 1, 2) x WHERE first < '2026-01-01'`,
    );
    const [a, b] = await outcomes('from=2023-01&to=2025-12');
    expect(a.totals.earners.value).toBe(n);
    expect(b.totals.earners.value).toBe(n);
  });

  for (const q of RAW_ONLY) {
    it(`filters the rollups lack are answered from the raw rows: ${q}`, async () => {
      const [a, b] = await outcomes(q);
      expect(a.notes).not.toContain('Answered from the monthly rollups.');
      same(a, b);
      const [c, d] = await pathways(q);
      expect(c.notes ?? []).not.toContain('Answered from the monthly rollups.');
      same(c, d);
    });
  }

  it('after an incremental refresh with an award and an outcome in older months, both paths still agree', async () => {
    const before = (await outcomes('from=2023-01&to=2025-12'))[0];
    const beforePath = (await pathways('from=2023-01&to=2023-12'))[0];
    // EL1..EL12 earn the whole B in March 2025: their pathway rows sit in the month of their first A award
    const part: { learner_key: string }[] = await t.ds.query(
      `SELECT DISTINCT learner_key FROM credential_award WHERE credential_id = $1 AND award_date < '2023-12-01'
       AND learner_key NOT IN (SELECT learner_key FROM credential_award WHERE credential_id = $2) ORDER BY 1 LIMIT 12`,
      [ids.a, ids.b],
    );
    expect(part.length).toBe(12);
    const rows = part.map((p, i) => `('late-${i}', '${p.learner_key}', ${ids.b}, '2025-03-10', '06')`);
    // a learner's earlier award of a credential they hold moves them to an older month
    const [moved] = await t.ds.query(`SELECT learner_key, credential_id FROM credential_award WHERE award_date >= '2024-09-01' ORDER BY id LIMIT 1`);
    rows.push(`('early-0', '${moved.learner_key}', ${moved.credential_id}, '2024-02-05', '48')`);
    await t.ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, state_fips) VALUES ${rows.join(',')}`);
    await refreshRollups(t.ds, { since: '2024-02-05' });
    // an outcome record for a quarter reaching back to awards a year earlier
    const [{ l }] = await t.ds.query(
      `SELECT learner_key AS l FROM credential_award a WHERE award_date >= '2023-04-01' AND award_date < '2023-07-01'
       AND NOT EXISTS (SELECT 1 FROM credential_award e WHERE e.learner_key = a.learner_key AND e.credential_id = a.credential_id AND e.award_date < a.award_date)
       AND NOT EXISTS (SELECT 1 FROM learner_outcome o WHERE o.learner_key = a.learner_key AND o.quarter = '2024-04-01') ORDER BY id LIMIT 1`,
    );
    // earners awarded in 2023Q2 with a record at q+4, before disclosure control (raw rows)
    const q4 = async () => {
      const f = await t.app.get(FilterService).parse({ from: '2023-04', to: '2023-06' }, OUTCOMES_SPEC);
      return (await t.app.get(OutcomesRepository).aggregates(f, 'credential', true)).find((x) => x.key === null && x.q === 4)!.withData;
    };
    const withData = await q4();
    await t.ds.query(`INSERT INTO learner_outcome (learner_key, quarter, employed, wage) VALUES ($1, '2024-04-01', true, 9999)`, [l]);
    await refreshRollups(t.ds, { since: '2024-04-01' });
    expect(await q4()).toBe(withData + 1); // the record is a year after the award: q+4

    for (const q of CASES) {
      const [a, b] = await outcomes(q);
      same(a, b);
      const [c, d] = await pathways(q.replace(/&groupBy=\w+/, ''));
      same(c, d);
    }
    const after = (await outcomes('from=2023-01&to=2025-12'))[0];
    expect(after.totals.quarters).not.toEqual(before.totals.quarters);
    const afterPath = (await pathways('from=2023-01&to=2023-12'))[0];
    const ab = (x: typeof afterPath) => x.rows.find((r) => r.fromCredential.id === ids.a && r.toCredential.id === ids.b)!;
    expect(ab(afterPath).laterTo.value).toBe((ab(beforePath).laterTo.value ?? 0) + 12);
  });
});
