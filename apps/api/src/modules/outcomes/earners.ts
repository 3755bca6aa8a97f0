import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { supports, type ColumnMap, type SqlParams, whereFilters } from '../analytics/filters/sql-builder.js';

/**
 * Earners for outcomes and pathways: each learner once per credential, at their FIRST award of that
 * credential (earliest date, then lowest id), counted in the month, state, county and program of that
 * award. A learner's later awards of the same credential never count again, whatever the period, so
 * the counts add up over months and the rollups (refreshOutcomeRollups, refreshPathwayRollups) can
 * hold them. The raw path (counties, CBSAs, custom regions, program CIP) reads the same definition.
 */

/** The state of award `ca`: its state, else its county's state, else '--' (as rollup_award). */
export const AWARD_STATE = `COALESCE(ca.state_fips, left(ca.county_fips, 2), '--')`;

/**
 * `ca` (credential_award) is the learner's first award of its credential. An award without a learner
 * (learner_key NULL: the subject only named the learner) is never an earner: no outcomes, no pathways.
 */
export const FIRST_AWARD = `ca.learner_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credential_award e WHERE e.learner_key = ca.learner_key AND e.credential_id = ca.credential_id
  AND (e.award_date < ca.award_date OR (e.award_date = ca.award_date AND e.id < ca.id)))`;

/** Filters on a first award `ca` joined to its credential `c` (raw path). */
export const EARNER_MAP: ColumnMap = {
  date: 'ca.award_date',
  state: AWARD_STATE,
  county: 'ca.county_fips',
  cip: 'ca.program_cip',
  credential: 'ca.credential_id',
  provider: 'c.provider_id',
  proof: 'ca.proof_status',
};

/** Filters on a people rollup `r` (month, state_fips, credential column) joined to credential `c`. */
export function rollupEarnerMap(credentialCol: string): ColumnMap {
  return { date: 'r.month', state: 'r.state_fips', credential: credentialCol, provider: 'c.provider_id', awards: true };
}

/** The rollups answer the nation and states with date, credential and provider filters; the rest is raw. */
export function peopleRollupCan(f: ParsedFilters): boolean {
  return (f.region.kind === 'us' || f.region.kind === 'state') && supports(f, rollupEarnerMap('r.credential_id'));
}

/** WHERE conditions on a people rollup `r`: the filters, and the national rows ('US') for the nation. */
export function peopleRollupWhere(f: ParsedFilters, credentialCol: string, p: SqlParams): string[] {
  const conds = whereFilters(f, rollupEarnerMap(credentialCol), p);
  if (f.region.kind === 'us') conds.push(`r.state_fips = 'US'`);
  return conds;
}

/**
 * Percentile (linear interpolation between closest ranks, type 7, as percentile_cont) of the values
 * a histogram stands for: `n` copies of `value`, sorted by value.
 */
export function histPercentileCont(hist: readonly { value: number; n: number }[], p: number): number | null {
  const total = hist.reduce((s, h) => s + h.n, 0);
  if (total === 0) return null;
  const h = (total - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const at = (rank: number): number => {
    let cum = 0;
    for (const x of hist) {
      cum += x.n;
      if (rank < cum) return x.value;
    }
    return hist[hist.length - 1].value;
  };
  const a = at(lo);
  const b = hi === lo ? a : at(hi);
  return a + (h - lo) * (b - a);
}
