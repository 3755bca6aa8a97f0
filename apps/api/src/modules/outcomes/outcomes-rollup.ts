import type { EntityManager } from 'typeorm';
import { AWARD_STATE, FIRST_AWARD } from './earners.js';

/** Width of the wage and wage-change bins, dollars of quarterly earnings; a binned value stands for its bin's midpoint. */
export const OUTCOME_BIN = 250;
/** The value a bin stands for (its midpoint). */
export const binValue = (bin: number): number => bin * OUTCOME_BIN + OUTCOME_BIN / 2;

/**
 * One row per earner (a learner's first award of a credential, matching `where` on `ca` and its
 * credential `c`) and quarter after the award q = 1, 2, 4: month and state of the award, whether
 * the learner has a record in quarter q, is employed, the wage bin (employed with a positive wage)
 * and the wage change bin (records at q, -1 and -2; not employed = 0 earnings). Both the rollup
 * refresh and the raw path read these rows, so both give the same figures.
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

/** Counts per earner-quarter fact row, in the columns of rollup_outcome. */
export const FACT_COUNTS = `1 AS earners, has::int AS with_data, employed::int AS employed, (wage_bin IS NOT NULL)::int AS wage_n, (change_bin IS NOT NULL)::int AS change_n`;
/** Histogram rows (kind 1 wage, 2 change) of fact rows `x`, in the columns of rollup_outcome_hist. */
export const factHist = (x: string, cols: string) => `
  SELECT ${cols}, 1 AS kind, wage_bin AS bin FROM ${x} WHERE wage_bin IS NOT NULL
  UNION ALL SELECT ${cols}, 2, change_bin FROM ${x} WHERE change_bin IS NOT NULL`;

/**
 * Refreshes rollup_outcome and rollup_outcome_hist inside refreshRollups()' transaction. An award
 * changed at `since` moves an earner within months >= since; an outcome record of quarter Q changes
 * the earners awarded from Q-4 to Q+2 quarters. So months from four quarters before since's quarter
 * on are recomputed.
 */
export async function refreshOutcomeRollups(m: EntityManager, since: string): Promise<void> {
  const from = `(date_trunc('quarter', $1::date) - interval '12 months')::date`;
  const run = (sql: string) => m.query(sql, [since]);
  await run(`DELETE FROM rollup_outcome WHERE month >= ${from}`);
  await run(`DELETE FROM rollup_outcome_hist WHERE month >= ${from}`);
  await m.query('DROP TABLE IF EXISTS pg_temp.outcome_fact');
  await run(`CREATE TEMP TABLE outcome_fact ON COMMIT DROP AS ${outcomeFactsSql([`ca.award_date >= ${from}`])}`);
  const keys = 'month, state_fips, credential_id, q';
  await m.query(`
    INSERT INTO rollup_outcome (${keys}, earners, with_data, employed, wage_n, change_n)
    SELECT ${keys}, count(*), count(*) FILTER (WHERE has), count(*) FILTER (WHERE employed), count(wage_bin), count(change_bin)
    FROM outcome_fact GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`);
  await m.query(`
    INSERT INTO rollup_outcome_hist (${keys}, kind, bin, n)
    SELECT ${keys}, kind, bin, count(*) FROM (${factHist('outcome_fact', keys)}) h GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 2, 1`);
  // rows go in by state and month (the index order): a state's months are read from few pages
  // national rows ('US') from the state rows
  await run(`
    INSERT INTO rollup_outcome (${keys}, earners, with_data, employed, wage_n, change_n)
    SELECT month, 'US', credential_id, q, sum(earners), sum(with_data), sum(employed), sum(wage_n), sum(change_n)
    FROM rollup_outcome WHERE month >= ${from} AND state_fips <> 'US' GROUP BY month, credential_id, q ORDER BY 1`);
  await run(`
    INSERT INTO rollup_outcome_hist (${keys}, kind, bin, n)
    SELECT month, 'US', credential_id, q, kind, bin, sum(n)
    FROM rollup_outcome_hist WHERE month >= ${from} AND state_fips <> 'US' GROUP BY month, credential_id, q, kind, bin ORDER BY 1`);
  await m.query('DROP TABLE outcome_fact');
}
