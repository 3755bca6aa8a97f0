import type { EquityDimensionName } from '@credpulse/contracts';
import type { EntityManager } from 'typeorm';
import type { ColumnMap } from '../analytics/filters/sql-builder.js';
import { AWARD_STATE } from '../outcomes/earners.js';
import { AWARD_MAP } from '../outcomes/people-k.js';

/**
 * The group of an award in each dimension, on credential_award (alias-free column names) LEFT JOIN
 * county (rural). The raw path and the rollup fill use these same expressions. Fixed SQL only.
 */
export const DIMENSION_SQL: Record<EquityDimensionName, string> = {
  age_band: `COALESCE(age_band, 'unknown')`,
  sex: `COALESCE(sex, 'unknown')`,
  race_ethnicity: `COALESCE(race_ethnicity, 'unknown')`,
  low_income: `COALESCE(low_income::text, 'unknown')`,
  rural: `COALESCE(rural::text, 'unknown')`,
};

/**
 * Filters on credential_award `ca` JOIN credential `c` for equity and saturation (raw path). An award
 * counts in its state, else its county's state (AWARD_STATE, as rollup_award, outcomes and pathways);
 * award_people_state_idx indexes that expression with the credential and date.
 */
export const PEOPLE_AWARD_MAP: ColumnMap = { ...AWARD_MAP, state: AWARD_STATE };

/** Tables refreshRollups() empties from `since`'s month on before calling refreshEquityRollups(). */
export const EQUITY_ROLLUP_TABLES = ['rollup_equity_credential', 'rollup_equity'];

/**
 * Fills the equity rollups for the months from `since` on (the caller has deleted them): awards per
 * month, state and group (rollup_equity, national rows 'US') and per month, credential and group
 * nationally (rollup_equity_credential). An award counts in the month of its award_date only, so an
 * incremental refresh needs no other months. rural is read from the county table as it is now.
 * One scan of the awards; the grouping sets are hashed (work_mem raised for this statement's
 * transaction only: with the default the planner sorts 2M rows a dozen times). Rows go in ordered
 * by the index keys so a question reads few pages; refreshRollups() analyzes the tables afterwards.
 */
export async function refreshEquityRollups(m: EntityManager, since: string): Promise<void> {
  const dims = Object.keys(DIMENSION_SQL) as EquityDimensionName[];
  const which = dims.map((d) => `WHEN GROUPING(${d}) = 0 THEN`);
  const sets = (key: string) => [`(month, ${key})`, ...dims.map((d) => `(month, ${key}, ${d})`)].join(', ');
  const [{ work_mem: workMem }] = await m.query(`SELECT current_setting('work_mem') AS work_mem`);
  await m.query(`SET LOCAL work_mem = '64MB'`);
  await m.query(
    `WITH g AS MATERIALIZED (
       SELECT month, st, credential_id, GROUPING(st) = 0 AS by_state,
              CASE ${which.map((w, i) => `${w} '${dims[i]}'`).join(' ')} ELSE '*' END AS dimension,
              CASE ${which.map((w, i) => `${w} ${dims[i]}`).join(' ')} ELSE '*' END AS grp,
              count(*)::int AS n
       FROM (SELECT date_trunc('month', ca.award_date)::date AS month, ${AWARD_STATE} AS st, ca.credential_id,
                    ${dims.map((d) => `${DIMENSION_SQL[d]} AS ${d}`).join(', ')}
             FROM credential_award ca LEFT JOIN county co ON co.fips = ca.county_fips
             WHERE ca.award_date >= date_trunc('month', $1::date)) a
       GROUP BY GROUPING SETS (${sets('credential_id')}, ${sets('st')})
     ),
     c AS (
       INSERT INTO rollup_equity_credential (month, credential_id, dimension, grp, n)
       SELECT month, credential_id, dimension, grp, n FROM g WHERE NOT by_state ORDER BY credential_id, month
     )
     INSERT INTO rollup_equity (month, state_fips, dimension, grp, n)
     SELECT * FROM (
       SELECT month, st, dimension, grp, n FROM g WHERE by_state
       UNION ALL
       SELECT month, 'US', dimension, grp, sum(n) FROM g WHERE by_state GROUP BY month, dimension, grp
     ) x ORDER BY 2, 1`,
    [since],
  );
  await m.query(`SELECT set_config('work_mem', $1, true)`, [workMem]);
}
