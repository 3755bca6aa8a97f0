import type { EntityManager } from 'typeorm';
import { AWARD_STATE, FIRST_AWARD } from '../outcomes/earners.js';

// Whole months from first_a to first_b, the same rule as monthsBetween() in @credpulse/metrics.
const MONTHS = `((EXTRACT(YEAR FROM first_b) - EXTRACT(YEAR FROM first_a)) * 12 + EXTRACT(MONTH FROM first_b) - EXTRACT(MONTH FROM first_a)
  - CASE WHEN EXTRACT(DAY FROM first_b) < EXTRACT(DAY FROM first_a) THEN 1 ELSE 0 END)::int`;

/**
 * One row per earner of a part credential (a learner's first award of it, matching `where` on `ca`
 * and its credential `c`) and stacking link part -> whole: month and state of that award, and the
 * whole months to the learner's first award of the whole on or after it (-1: none). The rollup
 * refresh and the raw path both read these rows.
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
 * Rebuilds rollup_pathway inside refreshRollups()' transaction. A learner's award of a whole at any
 * date changes the row of their part award, which can be in any earlier month, so the table is
 * rebuilt whole on every refresh (measured at 2M awards: see DEVELOPMENT.md).
 */
export async function refreshPathwayRollups(m: EntityManager): Promise<void> {
  await m.query('DELETE FROM rollup_pathway');
  await m.query(`
    INSERT INTO rollup_pathway (month, state_fips, from_id, to_id, months, n)
    SELECT month, state_fips, from_id, to_id, months, count(*) FROM (${pathwayFactsSql([])}) x GROUP BY 1, 2, 3, 4, 5`);
  await m.query(`
    INSERT INTO rollup_pathway (month, state_fips, from_id, to_id, months, n)
    SELECT month, 'US', from_id, to_id, months, sum(n) FROM rollup_pathway GROUP BY month, from_id, to_id, months`);
}
