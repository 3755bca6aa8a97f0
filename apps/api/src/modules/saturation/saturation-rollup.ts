import type { EntityManager } from 'typeorm';
import { nationalRows } from '../analytics/rollups/national-rows.js';

/** Tables refreshRollups() empties from `since`'s month on before calling refreshSaturationRollups(). */
export const SATURATION_ROLLUP_TABLES = ['rollup_saturation_skill', 'rollup_saturation_named'];

/**
 * Fills the saturation rollups for the months from `since` on (the caller has deleted them): per
 * posting month and state (national rows 'US'), unique postings naming each skill as required or
 * preferred, and postings (duplicates included) naming each credential. A posting counts in the
 * month it was posted only, so an incremental refresh needs no other months. The awards per
 * credential come from rollup_award_credential.
 * Rows go in ordered by state and month, so a question reads few pages (a national year of skills
 * is ~24k rows); refreshRollups() analyzes the tables afterwards.
 */
export async function refreshSaturationRollups(m: EntityManager, since: string): Promise<void> {
  await m.query(
    `INSERT INTO rollup_saturation_skill (month, state_fips, skill_id, n)
     SELECT date_trunc('month', p.posted_date)::date, COALESCE(p.state_fips, '--'), ps.skill_id, count(*)
     FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id
     WHERE ps.level IN (1, 2) AND NOT p.is_duplicate AND p.posted_date >= date_trunc('month', $1::date)
     GROUP BY 1, 2, 3 ORDER BY 2, 1`,
    [since],
  );
  await m.query(
    `INSERT INTO rollup_saturation_named (month, state_fips, credential_id, n)
     SELECT date_trunc('month', p.posted_date)::date, COALESCE(p.state_fips, '--'), pc.credential_id, count(*)
     FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id
     WHERE p.posted_date >= date_trunc('month', $1::date)
     GROUP BY 1, 2, 3 ORDER BY 2, 1`,
    [since],
  );
  await nationalRows((sql) => m.query(sql, [since]), { rollup_saturation_skill: ['skill_id', 'sum(n)'], rollup_saturation_named: ['credential_id', 'sum(n)'] });
}
