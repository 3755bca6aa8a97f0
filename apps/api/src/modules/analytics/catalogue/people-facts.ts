import type { EquityDimensionName } from '@credpulse/contracts';
import type { ColumnMap } from '../filters/sql-builder.js';
import { AWARD_STATE_OF } from './facts.js';

/**
 * Facts about people (outcomes, pathways, equity): each learner once per credential, at their FIRST
 * award of it (earliest date, then lowest id), counted in the month, state, county and program of
 * that award. A learner's later awards of the same credential never count again, so the counts add
 * up over months and the rollups can hold them. The rollup refresh (refresh.ts) and the raw path
 * (counties, CBSAs, custom regions, program CIP) read these same rows. Fixed SQL only.
 */

/** The state of award `ca`: its state, else its county's state, else '--' (as the award fact). */
export const AWARD_STATE = AWARD_STATE_OF('ca');

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

/** Filters on awards `ca` JOIN credential `c` (equity and saturation, raw path): those of the earners; award_people_state_idx indexes the state with the credential and date. */
export const PEOPLE_AWARD_MAP: ColumnMap = EARNER_MAP;

/** Width of the wage and wage-change bins, dollars of quarterly earnings; a binned value stands for its bin's midpoint. */
export const OUTCOME_BIN = 250;
/** The value a bin stands for (its midpoint). */
export const binValue = (bin: number): number => bin * OUTCOME_BIN + OUTCOME_BIN / 2;

/**
 * One row per earner (matching `where` on `ca` and its credential `c`) and quarter after the award
 * q = 1, 2, 4: month and state of the award, whether the learner has a record in quarter q, is
 * employed, the wage bin (employed with a positive wage) and the wage change bin (records at q, -1
 * and -2; not employed = 0 earnings).
 */
export function outcomeFactsSql(where: readonly string[]): string {
  const earn = (t: string) => `CASE WHEN ${t}.wage IS NOT NULL THEN ${t}.wage WHEN NOT ${t}.employed THEN 0 END`;
  return `
    SELECT date_trunc('month', a.award_date)::date AS month, a.state_fips, a.credential_id, q.n::smallint AS q,
           o.learner_key IS NOT NULL AS has, COALESCE(o.employed, false) AS employed,
           CASE WHEN o.employed AND o.wage > 0 THEN floor(o.wage / ${OUTCOME_BIN})::int END AS wage_bin,
           floor((${earn('o')} - a.base) / ${OUTCOME_BIN})::int AS change_bin
    FROM (
      SELECT f.*, (${earn('b1')} + ${earn('b2')}) / 2 AS base
      FROM (SELECT ca.learner_key, ca.credential_id, ca.award_date, ${AWARD_STATE} AS state_fips, date_trunc('quarter', ca.award_date)::date AS aq
            FROM credential_award ca JOIN credential c ON c.id = ca.credential_id
            WHERE ${[...where, FIRST_AWARD].join(' AND ')}) f
      LEFT JOIN learner_outcome b1 ON b1.learner_key = f.learner_key AND b1.quarter = (f.aq - interval '3 months')::date
      LEFT JOIN learner_outcome b2 ON b2.learner_key = f.learner_key AND b2.quarter = (f.aq - interval '6 months')::date
    ) a
    CROSS JOIN (VALUES (1), (2), (4)) AS q(n)
    LEFT JOIN learner_outcome o ON o.learner_key = a.learner_key AND o.quarter = (a.aq + make_interval(months => 3 * q.n))::date`;
}

/** Counts per earner-quarter fact row, in the columns of the outcome rollup. */
export const FACT_COUNTS = `1 AS earners, has::int AS with_data, employed::int AS employed, (wage_bin IS NOT NULL)::int AS wage_n, (change_bin IS NOT NULL)::int AS change_n`;
/** Histogram rows (kind 1 wage, 2 change) of fact rows `x`, in the columns of the outcome histogram rollup. */
export const factHist = (x: string, cols: string) => `
  SELECT ${cols}, 1 AS kind, wage_bin AS bin FROM ${x} WHERE wage_bin IS NOT NULL
  UNION ALL SELECT ${cols}, 2, change_bin FROM ${x} WHERE change_bin IS NOT NULL`;

// Whole months from first_a to first_b, the same rule as monthsBetween() in @credpulse/metrics.
const MONTHS = `((EXTRACT(YEAR FROM first_b) - EXTRACT(YEAR FROM first_a)) * 12 + EXTRACT(MONTH FROM first_b) - EXTRACT(MONTH FROM first_a)
  - CASE WHEN EXTRACT(DAY FROM first_b) < EXTRACT(DAY FROM first_a) THEN 1 ELSE 0 END)::int`;

/**
 * One row per earner of a part credential (matching `where` on `ca` and its credential `c`) and
 * stacking link part -> whole: month and state of that award, and the whole months to the learner's
 * first award of the whole on or after it (-1: none).
 */
export function pathwayFactsSql(where: readonly string[]): string {
  return `
    SELECT date_trunc('month', a.first_a)::date AS month, a.state_fips, a.credential_id AS from_id, a.whole_id AS to_id,
           COALESCE(${MONTHS}, -1) AS months
    FROM (
      SELECT ca.learner_key, ca.credential_id, ca.award_date AS first_a, ${AWARD_STATE} AS state_fips, s.whole_id,
             (SELECT min(b.award_date) FROM credential_award b
               WHERE b.learner_key = ca.learner_key AND b.credential_id = s.whole_id AND b.award_date >= ca.award_date) AS first_b
      FROM credential_award ca JOIN credential c ON c.id = ca.credential_id JOIN credential_stack s ON s.part_id = ca.credential_id
      WHERE ${[...where, FIRST_AWARD].join(' AND ')}
    ) a`;
}

/**
 * The group of an award in each equity dimension, on credential_award (alias-free column names) LEFT
 * JOIN county (rural). The raw path and the rollup fill use these same expressions.
 */
export const DIMENSION_SQL: Record<EquityDimensionName, string> = {
  age_band: `COALESCE(age_band, 'unknown')`,
  sex: `COALESCE(sex, 'unknown')`,
  race_ethnicity: `COALESCE(race_ethnicity, 'unknown')`,
  low_income: `COALESCE(low_income::text, 'unknown')`,
  rural: `COALESCE(rural::text, 'unknown')`,
};
