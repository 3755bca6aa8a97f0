import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EquityResponse, SaturationResponse } from '@credpulse/contracts';
import { FilterService } from '../../apps/api/src/modules/analytics/filters/filter.service.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { EQUITY_SPEC, EquityService } from '../../apps/api/src/modules/equity/equity.service.js';
import { SATURATION_SPEC, SaturationService } from '../../apps/api/src/modules/saturation/saturation.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Equity and saturation read rollups (rollup_equity, rollup_equity_credential, rollup_award_credential,
// rollup_saturation_skill, rollup_saturation_named) for the nation and states, and the raw rows for
// the rest. Both paths must give the same answer, suppression included, before and after an
// incremental refresh.

let t: TestApp;
const cred: number[] = [];
const provider: number[] = [];
let skills: string[] = [];
let counties: { fips: string; state: string }[] = [];

// Deterministic pseudo-random numbers (mulberry32) so every run seeds the same rows.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(): Promise<void> {
  await truncateFacts(t.ds);
  await t.ds.query(`DELETE FROM provider WHERE source_key LIKE 'test-eqs:%'`);
  for (const name of ['North College', 'South Institute']) {
    const [{ id }] = await t.ds.query(`INSERT INTO provider (source_key, name) VALUES ($1, $2) RETURNING id`, [`test-eqs:${name}`, name]);
    provider.push(id);
  }
  for (let i = 0; i < 5; i++) {
    const [{ id }] = await t.ds.query(`INSERT INTO credential (source_key, name, type, provider_id) VALUES ($1, $2, 'certificate', $3) RETURNING id`, [
      `test-eqs:c${i}`,
      `Test credential ${i}`,
      provider[i % 2],
    ]);
    cred.push(id);
  }
  skills = (await t.ds.query(`SELECT id FROM skill ORDER BY id LIMIT 4`)).map((r: { id: string }) => r.id);
  // credential i covers skills i and i+1 (skill 0: credential 0 only; skill 3 also credential 4)
  for (let i = 0; i < 5; i++) await t.ds.query(`INSERT INTO credential_skill (credential_id, skill_id) VALUES ($1, $2), ($1, $3) ON CONFLICT DO NOTHING`, [cred[i], skills[i % 4], skills[(i + 1) % 4]]);
  // two rural and two metropolitan counties in California and Texas each
  counties = [];
  for (const st of ['06', '48']) {
    for (const rural of [true, false]) {
      const rows: { fips: string }[] = await t.ds.query(`SELECT fips FROM county WHERE state_fips = $1 AND rural = $2 ORDER BY fips LIMIT 2`, [st, rural]);
      counties.push(...rows.map((r) => ({ fips: r.fips, state: st })));
    }
  }

  const r = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const awards: string[] = [];
  for (let i = 0; i < 900; i++) {
    const c = counties[Math.floor(Math.pow(r(), 1.5) * counties.length)];
    const month = 1 + Math.floor(r() * 18); // 2024-01 .. 2025-06
    const date = `${2024 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const where = r();
    // most awards carry a state and county; some only a county (counted in the county's state), some neither
    const county = where < 0.9 ? `'${c.fips}'` : 'NULL';
    const state = where < 0.8 ? `'${c.state}'` : 'NULL';
    const q = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
    awards.push(
      `('eqs-${i}', 'L${i % 600}', ${cred[Math.floor(Math.pow(r(), 1.3) * 5)]}, '${date}', ${county}, ${state}, ${q(r() < 0.6 ? pick(['51.3902', '11.0701', '52.0201']) : null)},
        ${q(r() < 0.9 ? pick(['16-24', '25-34', '35-44', '45-54', '55+']) : null)}, ${q(r() < 0.95 ? pick(['female', 'male']) : null)},
        ${q(r() < 0.85 ? pick(['White', 'Hispanic or Latino', 'Black or African American', 'Asian']) : null)}, ${r() < 0.1 ? 'NULL' : r() < 0.35})`,
    );
  }
  await t.ds.query(
    `INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip, age_band, sex, race_ethnicity, low_income) VALUES ${awards.join(',')}`,
  );

  // Postings: skills at every level, credentials named by unique postings and (credential 3 in
  // Texas) only by a duplicate; credential 4 by none.
  for (let i = 0; i < 240; i++) {
    const c = pick(counties);
    const month = 1 + Math.floor(r() * 18);
    const date = `${2024 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
    const dup = r() < 0.15;
    const [{ id }] = await t.ds.query(
      `INSERT INTO job_posting (source_key, title, posted_date, state_fips, county_fips, is_duplicate) VALUES ($1, 'Job', $2, $3, $4, $5) RETURNING id`,
      [`eqs-p${i}`, date, r() < 0.95 ? c.state : null, c.fips, dup],
    );
    for (const s of skills) if (r() < 0.5) await t.ds.query(`INSERT INTO posting_skill (posting_id, skill_id, level) VALUES ($1, $2, $3)`, [id, s, 1 + Math.floor(r() * 3)]);
    const named = i % 10 === 0 ? cred[0] : i % 10 === 1 ? cred[1] : i % 10 === 2 && c.state === '06' ? cred[2] : i % 10 === 3 && dup && c.state === '48' ? cred[3] : undefined;
    if (named !== undefined) await t.ds.query(`INSERT INTO posting_credential (posting_id, credential_id, level) VALUES ($1, $2, $3)`, [id, named, 1 + (i % 3)]);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  await seed();
  await refreshRollups(t.ds);
});
afterAll(async () => t?.close());

async function equityBoth(q: Record<string, string>): Promise<[EquityResponse, EquityResponse]> {
  const f = await t.app.get(FilterService).parse(q, EQUITY_SPEC);
  return [await t.app.get(EquityService).compute(f), await t.app.get(EquityService).compute(f, { raw: true })];
}
async function saturationBoth(q: Record<string, string>): Promise<[SaturationResponse, SaturationResponse]> {
  const f = await t.app.get(FilterService).parse(q, SATURATION_SPEC);
  return [await t.app.get(SaturationService).compute(f), await t.app.get(SaturationService).compute(f, { raw: true })];
}

// Labelled filter combinations; the queries name ids the seed makes, so they are built when run.
const EQUITY_CASES: [string, () => Record<string, string>][] = [
  ['nation, 12 months', () => ({ from: '2024-01', to: '2024-12' })],
  ['nation, 18 months, k = 20', () => ({ from: '2024-01', to: '2025-06', k: '20' })],
  ['one state, 3 months', () => ({ from: '2024-04', to: '2024-06', region: 'state:06' })],
  ['one state, rural only', () => ({ from: '2024-01', to: '2025-06', region: 'state:48', dimension: 'rural' })],
  ['nation, one credential', () => ({ from: '2024-01', to: '2024-12', credential: String(cred[0]) })],
  ['nation, one credential, sex only', () => ({ from: '2024-07', to: '2025-06', credential: String(cred[2]), dimension: 'sex' })],
  ['nation, one provider', () => ({ from: '2024-01', to: '2025-06', provider: String(provider[1]) })],
  ['one state and one credential (raw rows through the index)', () => ({ from: '2024-01', to: '2025-06', region: 'state:06', credential: String(cred[1]) })],
  ['one state and one provider, age only', () => ({ from: '2024-01', to: '2025-06', region: 'state:48', provider: String(provider[0]), dimension: 'age_band' })],
  ['program CIP (raw rows)', () => ({ from: '2024-01', to: '2025-06', cip: '51' })],
  ['a county (raw rows)', () => ({ from: '2024-01', to: '2025-06', region: `county:${counties[0].fips}` })],
  ['a period without awards', () => ({ from: '2023-01', to: '2023-06' })],
];

const SATURATION_CASES: [string, () => Record<string, string>][] = [
  ['nation, 12 months, skills', () => ({ from: '2024-01', to: '2024-12' })],
  ['nation, 18 months, unrecognized', () => ({ from: '2024-01', to: '2025-06', view: 'unrecognized' })],
  ['one state, 3 months, skills', () => ({ from: '2024-04', to: '2024-06', region: 'state:06' })],
  ['one state, unrecognized', () => ({ from: '2024-01', to: '2025-06', region: 'state:48', view: 'unrecognized' })],
  ['one skill', () => ({ from: '2024-01', to: '2025-06', skill: skills[0] })],
  ['one provider, k = 20', () => ({ from: '2024-01', to: '2025-06', provider: String(provider[0]), k: '20' })],
  ['a county (raw rows)', () => ({ from: '2024-01', to: '2025-06', region: `county:${counties[0].fips}` })],
  ['a period without awards', () => ({ from: '2023-01', to: '2023-06', view: 'unrecognized' })],
];

describe('equity: rollups and raw rows agree', () => {
  it('the seed gives shown and suppressed cells alike (the comparisons below are not all empty)', async () => {
    const [a] = await equityBoth({ from: '2024-01', to: '2025-06' });
    expect(a.totals.awards.value).toBe(900);
    expect(a.rows.some((r) => !r.awards.suppressed && (r.awards.value ?? 0) > 0)).toBe(true);
    const [small] = await equityBoth({ from: '2024-04', to: '2024-06', region: 'state:48' });
    expect(small.rows.some((r) => r.awards.suppressed)).toBe(true);
    // awards with only a county count in the county's state
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM credential_award WHERE COALESCE(state_fips, left(county_fips, 2)) = '06'`);
    const [ca, caRaw] = await equityBoth({ from: '2024-01', to: '2025-06', region: 'state:06' });
    expect(ca.totals.awards.value).toBe(n);
    expect(caRaw.totals.awards.value).toBe(n);
  });

  for (const [label, q] of EQUITY_CASES) {
    it(`same rows, totals and suppression: ${label}`, async () => {
      const [a, b] = await equityBoth(q());
      expect(a).toEqual(b);
    });
  }
});

describe('saturation: rollups and raw rows agree', () => {
  it('a credential named only by a duplicate posting still counts as named (as on the raw path)', async () => {
    const [a, b] = await saturationBoth({ from: '2024-01', to: '2025-06', region: 'state:48', view: 'unrecognized' });
    expect(a).toEqual(b);
    const ids = a.rows.map((r) => (r.kind === 'credential' ? r.credentialId : 0));
    expect(ids).toContain(cred[4]);
    expect(ids).toContain(cred[2]);
    expect(ids).not.toContain(cred[3]);
  });

  for (const [label, q] of SATURATION_CASES) {
    it(`same rows, totals and suppression: ${label}`, async () => {
      const [a, b] = await saturationBoth(q());
      expect(a).toEqual(b);
    });
  }
});

describe('incremental refresh', () => {
  it('awards and a posting loaded in an older month: stale before the refresh, identical to the raw rows and to a full rebuild after it', async () => {
    const eq = t.app.get(EquityService);
    const sat = t.app.get(SaturationService);
    const fEq = await t.app.get(FilterService).parse({ from: '2024-01', to: '2024-12', region: 'state:06' }, EQUITY_SPEC);
    const fSat = await t.app.get(FilterService).parse({ from: '2024-01', to: '2024-12', region: 'state:06' }, SATURATION_SPEC);
    const before = await eq.compute(fEq);
    const satBefore = await sat.compute(fSat);

    const rows = Array.from({ length: 12 }, (_, i) => `('eqs-late-${i}', 'late-${i}', ${cred[4]}, '2024-03-0${1 + (i % 9)}', '${counties[0].fips}', '06', 'female', '16-24')`);
    await t.ds.query(`INSERT INTO credential_award (source_key, learner_key, credential_id, award_date, county_fips, state_fips, sex, age_band) VALUES ${rows.join(',')}`);
    const [{ id }] = await t.ds.query(`INSERT INTO job_posting (source_key, title, posted_date, state_fips) VALUES ('eqs-late-p', 'Job', '2024-03-20', '06') RETURNING id`);
    await t.ds.query(`INSERT INTO posting_credential (posting_id, credential_id, level) VALUES ($1, $2, 2)`, [id, cred[4]]);
    await t.ds.query(`INSERT INTO posting_skill (posting_id, skill_id, level) VALUES ($1, $2, 1)`, [id, skills[3]]);

    // not refreshed yet: the rollup path still gives the old answer (so it is the path being read)
    expect(await eq.compute(fEq)).toEqual(before);
    expect((await eq.compute(fEq, { raw: true })).totals.awards.value).toBe((before.totals.awards.value ?? 0) + 12);

    await refreshRollups(t.ds, { since: '2024-03-01' });
    const after = await eq.compute(fEq);
    expect(after.totals.awards.value).toBe((before.totals.awards.value ?? 0) + 12);
    expect(after).toEqual(await eq.compute(fEq, { raw: true }));
    const satAfter = await sat.compute(fSat);
    expect(satAfter).toEqual(await sat.compute(fSat, { raw: true }));
    expect(satAfter).not.toEqual(satBefore);
    for (const [label, q] of EQUITY_CASES) {
      const [a, b] = await equityBoth(q());
      expect(a, label).toEqual(b);
    }
    for (const [label, q] of SATURATION_CASES) {
      const [a, b] = await saturationBoth(q());
      expect(a, label).toEqual(b);
    }

    // the incremental refresh leaves the same rollup rows as a full rebuild
    const snapshot = async () =>
      Promise.all(
        ['rollup_equity', 'rollup_equity_credential', 'rollup_saturation_skill', 'rollup_saturation_named'].map((tbl) =>
          t.ds.query(`SELECT to_jsonb(x) AS r FROM ${tbl} x`).then((rs: { r: unknown }[]) => rs.map((r) => JSON.stringify(r.r)).sort()),
        ),
      );
    const incremental = await snapshot();
    await refreshRollups(t.ds);
    expect(await snapshot()).toEqual(incremental);
  });
});
