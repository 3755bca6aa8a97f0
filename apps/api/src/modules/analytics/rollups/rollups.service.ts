import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { refreshOutcomeRollups } from '../../outcomes/outcomes-rollup.js';
import { refreshPathwayRollups } from '../../pathways/pathways-rollup.js';
import { EQUITY_ROLLUP_TABLES, refreshEquityRollups } from '../../equity/equity-rollup.js';
import { refreshSaturationRollups, SATURATION_ROLLUP_TABLES } from '../../saturation/saturation-rollup.js';
import { nationalRows } from './national-rows.js';

export interface RefreshOptions {
  /**
   * Earliest date (YYYY-MM-DD) whose postings or awards changed; months from its month on are
   * recomputed. Omit for a full rebuild.
   */
  since?: string;
  /**
   * Which facts changed: only their rollups are recomputed (a postings file leaves the award and
   * outcome rollups alone). Omit for all. Catalog changes (credential target SOCs, stacks) need all.
   */
  facts?: readonly Fact[];
}

/** Fact tables whose rollups refreshRollups maintains. */
export type Fact = 'postings' | 'awards' | 'outcomes';
export const ALL_FACTS: readonly Fact[] = ['postings', 'awards', 'outcomes'];

export interface RefreshResult {
  since: string | null;
  ms: number;
}

// The end of a posting's life: expiry, else last seen, else the day it was first seen.
export const POSTING_END = 'COALESCE(expires_date, last_seen_date, posted_date)';
const ST = `COALESCE(p.state_fips, '--')`;
const N2 = `COALESCE(left(p.naics_code, 2), '--')`;
/** Wage bin: whole thousands of annual salary; the median reported is the bin's midpoint. */
export const WAGE_BIN = 'floor(salary_annual / 1000)::int';
export const DURATION_DAYS = `(GREATEST(${POSTING_END}, posted_date) - posted_date)`;

// Rollups keyed by the month of a posting or an award, recomputed from `since` on. (Outcome and
// pathway rollups manage their own ranges.)
const POSTING_TABLES = [
  'rollup_posting',
  'rollup_posting_soc',
  'rollup_posting_credential',
  'rollup_posting_skill',
  'rollup_posting_hist',
  'rollup_posting_hist_sector',
  'rollup_posting_sector',
  'rollup_credential_market',
  'rollup_credential_naming',
  ...SATURATION_ROLLUP_TABLES,
];
const AWARD_TABLES = ['rollup_award', 'rollup_award_cip', 'rollup_award_credential', ...EQUITY_ROLLUP_TABLES];
/** Every rollup table, for reports such as the benchmarks' row counts. */
export const ROLLUP_TABLES = [...POSTING_TABLES, ...AWARD_TABLES, 'rollup_outcome', 'rollup_outcome_hist', 'rollup_pathway'];

/** Exact row counts of the rollup tables (a full count: for benchmarks and diagnostics, not per refresh). */
export async function rollupRowCounts(ds: DataSource): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const t of ROLLUP_TABLES) rows[t] = (await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return rows;
}

/**
 * Rebuilds the analytics rollups (all months, or months from `since` on) in one transaction.
 * Call after every ingest and after the demo load: `await refreshRollups(ds, { since: '2025-03-01' })`.
 */
export async function refreshRollups(ds: DataSource, opts: RefreshOptions = {}): Promise<RefreshResult> {
  if (opts.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new Error(`refreshRollups: since must be YYYY-MM-DD (got ${opts.since})`);
  const t0 = Date.now();
  const since = opts.since ?? '0001-01-01';
  const facts = new Set(opts.facts ?? ALL_FACTS);
  const postings = facts.has('postings');
  const awards = facts.has('awards');
  const monthly = [...(postings ? POSTING_TABLES : []), ...(awards ? AWARD_TABLES : [])];
  await ds.transaction(async (m) => {
    // a refresh at scale takes minutes: exempt from the server's statement_timeout
    await m.query('SET LOCAL statement_timeout = 0');
    const run = (sql: string) => m.query(sql, [since]);
    // One refresh at a time: two concurrent refreshes would double-count.
    await m.query('LOCK TABLE rollup_state IN EXCLUSIVE MODE');
    for (const t of monthly) await run(`DELETE FROM ${t} WHERE month >= date_trunc('month', $1::date)`);
    if (postings) await refreshPostingRollups(m, since);
    if (awards) await refreshAwardRollups(m, since);
    // outcomes and pathways (people): their own ranges (outcome records reach back, a whole's award
    // changes its part's row), so they delete their own rows
    if (awards || facts.has('outcomes')) await refreshOutcomeRollups(m, since);
    if (awards) await refreshPathwayRollups(m);
    await m.query(
      `INSERT INTO rollup_state(name, refreshed_at, since) VALUES ('all', now(), $1)
       ON CONFLICT (name) DO UPDATE SET refreshed_at = now(), since = EXCLUDED.since`,
      [opts.since ?? null],
    );
    // Fresh statistics for the planner: with stale ones it misjudged a national year of rollup rows
    // by four orders of magnitude (7 estimated, 85k read) and sorted them on disk.
    for (const t of monthly) await m.query(`ANALYZE ${t}`);
  });
  return { since: opts.since ?? null, ms: Date.now() - t0 };
}

/** Posting rollups for the months from `since` on (their old rows already deleted). */
async function refreshPostingRollups(m: EntityManager, since: string): Promise<void> {
  const run = (sql: string) => m.query(sql, [since]);

  await run(`
      INSERT INTO rollup_posting (month, state_fips, naics2, degree_level, in_lieu, unique_n, total_n, ended_n)
      SELECT month, st, n2, degree_level, in_lieu, sum(u), sum(t), sum(e) FROM (
        SELECT date_trunc('month', p.posted_date)::date AS month, ${ST} AS st, ${N2} AS n2,
               p.degree_level, p.in_lieu, (NOT p.is_duplicate)::int AS u, 1 AS t, 0 AS e
        FROM job_posting p WHERE p.posted_date >= date_trunc('month', $1::date)
        UNION ALL
        SELECT date_trunc('month', GREATEST(${POSTING_END}, p.posted_date))::date, ${ST}, ${N2}, p.degree_level, p.in_lieu, 0, 0, 1
        FROM job_posting p WHERE NOT p.is_duplicate AND ${POSTING_END} >= date_trunc('month', $1::date)
      ) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);

  await run(`
      INSERT INTO rollup_posting_soc (month, state_fips, soc_code, unique_n)
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, p.soc_code, count(*)
      FROM job_posting p WHERE NOT p.is_duplicate AND p.soc_code IS NOT NULL AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3 ORDER BY 2, 1`);

  await run(`
      INSERT INTO rollup_posting_credential (month, state_fips, credential_id, naics2, level, in_target, n)
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, pc.credential_id, ${N2}, pc.level,
             EXISTS (SELECT 1 FROM credential_soc cs WHERE cs.credential_id = pc.credential_id AND cs.soc_code = p.soc_code), count(*)
      FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id
      WHERE NOT p.is_duplicate AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 2, 1`);
  // any micro-credential: each posting once, at its strongest level (required < in lieu < preferred)
  await run(`
      INSERT INTO rollup_posting_credential (month, state_fips, credential_id, naics2, level, in_target, n)
      SELECT month, st, 0, n2, level, true, count(*) FROM (
        SELECT date_trunc('month', p.posted_date)::date AS month, ${ST} AS st, ${N2} AS n2,
               (array_agg(pc.level ORDER BY CASE pc.level WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END))[1] AS level
        FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id JOIN credential c ON c.id = pc.credential_id
        WHERE NOT p.is_duplicate AND c.is_micro AND p.posted_date >= date_trunc('month', $1::date)
        GROUP BY p.id, 1, 2, 3
      ) x GROUP BY 1, 2, 4, 5 ORDER BY 2, 1`);

  await run(`
      INSERT INTO rollup_posting_skill (month, state_fips, skill_id, n)
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, ps.skill_id, count(*)
      FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id
      WHERE NOT p.is_duplicate AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3 ORDER BY 2, 1`);

  // wage and duration histograms by sector, then summed over sectors for the questions without one
  await run(`
      INSERT INTO rollup_posting_hist_sector (month, state_fips, naics2, kind, value, n)
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, ${N2}, 'wage', ${WAGE_BIN}, count(*)
      FROM job_posting p WHERE NOT p.is_duplicate AND p.salary_annual IS NOT NULL AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3, 5
      UNION ALL
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, ${N2}, 'duration', ${DURATION_DAYS}, count(*)
      FROM job_posting p WHERE NOT p.is_duplicate AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3, 5
      ORDER BY 2, 3, 4, 1`);
  await run(`
      INSERT INTO rollup_posting_hist (month, state_fips, kind, value, n)
      SELECT month, state_fips, kind, value, sum(n) FROM rollup_posting_hist_sector WHERE month >= date_trunc('month', $1::date) GROUP BY 1, 2, 3, 4 ORDER BY 3, 2, 1`);

  // saturation (postings per skill, credentials named): by the posting month only
  await refreshSaturationRollups(m, since);

  // Unique postings in each credential's target SOCs, by sector: recognition denominators under
  // a NAICS filter. Reads credential_soc as it is now: catalog loads refresh everything.
  await run(`
      INSERT INTO rollup_credential_market (month, state_fips, naics2, credential_id, target_n)
      SELECT date_trunc('month', p.posted_date)::date, ${ST}, ${N2}, cs.credential_id, count(*)
      FROM job_posting p JOIN credential_soc cs ON cs.soc_code = p.soc_code
      WHERE NOT p.is_duplicate AND p.posted_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 1`);

  await nationalRows(run, {
    rollup_posting: ['naics2, degree_level, in_lieu', 'sum(unique_n), sum(total_n), sum(ended_n)'],
    rollup_posting_soc: ['soc_code', 'sum(unique_n)'],
    rollup_posting_credential: ['credential_id, naics2, level, in_target', 'sum(n)'],
    rollup_posting_skill: ['skill_id', 'sum(n)'],
    rollup_posting_hist: ['kind, value', 'sum(n)'],
    rollup_posting_hist_sector: ['naics2, kind, value', 'sum(n)'],
    rollup_credential_market: ['naics2, credential_id', 'sum(target_n)'],
  });
  // Narrower copies (state and national rows alike) summed over dimensions most questions do not
  // split by: rollup_posting without degree and in lieu (10x fewer rows), credential mentions
  // without the sector (recognition per credential).
  await run(`INSERT INTO rollup_posting_sector (month, state_fips, naics2, unique_n, total_n, ended_n)
               SELECT month, state_fips, naics2, sum(unique_n), sum(total_n), sum(ended_n) FROM rollup_posting
               WHERE month >= date_trunc('month', $1::date) GROUP BY 1, 2, 3 ORDER BY 2, 1`);
  await run(`INSERT INTO rollup_credential_naming (month, state_fips, credential_id, level, in_target, n)
               SELECT month, state_fips, credential_id, level, in_target, sum(n) FROM rollup_posting_credential
               WHERE month >= date_trunc('month', $1::date) GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1`);
}

/** Award rollups for the months from `since` on (their old rows already deleted). */
async function refreshAwardRollups(m: EntityManager, since: string): Promise<void> {
  const run = (sql: string) => m.query(sql, [since]);
  await run(`
      INSERT INTO rollup_award (month, state_fips, credential_id, program_cip, n)
      SELECT date_trunc('month', a.award_date)::date, COALESCE(a.state_fips, left(a.county_fips, 2), '--'), a.credential_id, COALESCE(a.program_cip, '--'), count(*)
      FROM credential_award a WHERE a.award_date >= date_trunc('month', $1::date)
      GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`);
  await nationalRows(run, {
    rollup_award: ['credential_id, program_cip', 'sum(n)'],
  });
  // Narrower copies (state and national rows alike), summed over the credential or the program:
  // 20x or more fewer rows for program demand and skill supply. Stored in index order.
  await run(`INSERT INTO rollup_award_cip (month, state_fips, program_cip, n)
             SELECT month, state_fips, program_cip, sum(n) FROM rollup_award
             WHERE month >= date_trunc('month', $1::date) GROUP BY 1, 2, 3 ORDER BY 2, 1`);
  await run(`INSERT INTO rollup_award_credential (month, state_fips, credential_id, n)
             SELECT month, state_fips, credential_id, sum(n) FROM rollup_award
             WHERE month >= date_trunc('month', $1::date) GROUP BY 1, 2, 3 ORDER BY 2, 1`);
  // equity (awards by group): by the award month only
  await refreshEquityRollups(m, since);
}

/** Injectable wrapper, for modules that prefer DI. */
@Injectable()
export class RollupService {
  constructor(private readonly ds: DataSource) {}

  refresh(opts: RefreshOptions = {}): Promise<RefreshResult> {
    return refreshRollups(this.ds, opts);
  }
}
