import type { ColumnMap } from '../filters/sql-builder.js';

/**
 * The facts the rollups group: one SELECT each, one row per fact (a posting, a mention, an award)
 * with `month` its day, `state_fips` ('--' unknown), the filter columns the raw path needs (county,
 * full NAICS and SOC codes, the posting id for its other places) and its measures (counts per row).
 * The rollup refresh groups these rows by month and the rollup's grain; a question the rollups
 * cannot answer reads the same rows filtered. Both paths give the same figures by construction.
 * Facts a rollup groups together (`facts`) have the same columns in the same order, each giving
 * its measures and 0 for the others'. Fixed SQL only.
 */
export type FactName = 'posting' | 'postingEnd' | 'postingCredential' | 'postingSkill' | 'postingHist' | 'postingNamed' | 'credentialMarket' | 'award';

export interface FactDecl {
  /** The SELECT (no parameters) whose rows are the facts. */
  sql: string;
  /** Filters over its columns. */
  map: ColumnMap;
}

/** The end of a posting's life: expiry, else last seen, else the day it was first seen; never before it was posted. */
export const POSTING_END = 'GREATEST(COALESCE(p.expires_date, p.last_seen_date, p.posted_date), p.posted_date)';
/** Wage bin: whole thousands of annual salary; the median reported is the bin's midpoint. */
export const WAGE_BIN = 'floor(p.salary_annual / 1000)::int';
export const DURATION_DAYS = `(${POSTING_END} - p.posted_date)`;
/** The state of award `a`: its state, else its county's state, else '--'. */
export const AWARD_STATE_OF = (a: string) => `COALESCE(${a}.state_fips, left(${a}.county_fips, 2), '--')`;

const postingCols = (month: string) => `p.id AS posting_id, ${month} AS month, COALESCE(p.state_fips, '--') AS state_fips, p.county_fips, p.naics_code,
  COALESCE(left(p.naics_code, 2), '--') AS naics2, COALESCE(left(p.naics_code, 3), '--') AS naics3, COALESCE(left(p.naics_code, 4), '--') AS naics4, p.soc_code, p.soc_source`;
const POSTING_COLS = postingCols('p.posted_date');
const POSTING_MAP: ColumnMap = { date: 'month', state: 'state_fips', county: 'county_fips', postingId: 'posting_id', naics: 'naics_code', soc: 'soc_code', socSource: 'soc_source' };
// a posting's strongest level among its micro-credentials (required, then in lieu, then preferred):
// the least rank of its mentions, turned back into the level. One join grouped by the posting: a
// correlated LIMIT 1 subquery per posting was 9 of a 14 s refresh of 20k postings (its plan hashed
// the whole credential table once per posting while posting_credential had no statistics).
const STRONGEST_RANK = 'min(CASE pc.level WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END)';
const STRONGEST_LEVEL = `(CASE ${STRONGEST_RANK} WHEN 0 THEN 1 WHEN 1 THEN 3 ELSE 2 END)::smallint`;

/**
 * The facts over postings table `jp`: job_posting, or the refresh's copy of the postings whose months
 * it recomputes (refresh.ts), so that the posting rollups read job_posting's wide rows once, not
 * once each.
 */
export const factsOver = (jp: string): Record<FactName, FactDecl> => ({
  // every posting (duplicates count in total_n only), at the day it was posted
  posting: {
    sql: `SELECT ${POSTING_COLS}, p.degree_level, p.in_lieu, (NOT p.is_duplicate)::int AS unique_n, 1 AS total_n, 0 AS ended_n FROM ${jp} p`,
    map: POSTING_MAP,
  },
  // every unique posting at the day its life ended (POSTING_END), for active postings
  postingEnd: {
    sql: `SELECT ${postingCols(POSTING_END)}, p.degree_level, p.in_lieu, 0 AS unique_n, 0 AS total_n, 1 AS ended_n FROM ${jp} p WHERE NOT p.is_duplicate`,
    map: POSTING_MAP,
  },
  // unique postings naming a credential (in_target: the posting's SOC is a target SOC of it), and
  // under credential 0 each posting naming any micro-credential, once, at its strongest level
  postingCredential: {
    // in_target by a join on credential_soc's primary key (one row or none per mention): a
    // correlated EXISTS per mention was 0.3-0.7 s of server CPU per 100k postings, the join 0.1 s
    sql: `SELECT ${POSTING_COLS}, pc.credential_id, pc.level, cs.credential_id IS NOT NULL AS in_target, 1 AS n
          FROM posting_credential pc JOIN ${jp} p ON p.id = pc.posting_id
          LEFT JOIN credential_soc cs ON cs.credential_id = pc.credential_id AND cs.soc_code = p.soc_code
          WHERE NOT p.is_duplicate
          UNION ALL
          SELECT ${POSTING_COLS}, 0, ${STRONGEST_LEVEL}, true, 1
          FROM ${jp} p JOIN posting_credential pc ON pc.posting_id = p.id JOIN credential c ON c.id = pc.credential_id
          WHERE NOT p.is_duplicate AND c.is_micro
          GROUP BY p.id, p.posted_date, p.state_fips, p.county_fips, p.naics_code, p.soc_code, p.soc_source`,
    map: { ...POSTING_MAP, credential: 'credential_id' },
  },
  // unique postings naming a skill, with the level
  postingSkill: {
    sql: `SELECT ${POSTING_COLS}, ps.skill_id, ps.level, 1 AS n FROM posting_skill ps JOIN ${jp} p ON p.id = ps.posting_id WHERE NOT p.is_duplicate`,
    map: { ...POSTING_MAP, skill: 'skill_id' },
  },
  // unique postings' advertised wage bins ('wage') and durations in days ('duration')
  postingHist: {
    sql: `SELECT ${POSTING_COLS}, 'wage'::text AS kind, ${WAGE_BIN} AS value, 1 AS n FROM ${jp} p WHERE NOT p.is_duplicate AND p.salary_annual IS NOT NULL
          UNION ALL
          SELECT ${POSTING_COLS}, 'duration'::text, ${DURATION_DAYS}, 1 FROM ${jp} p WHERE NOT p.is_duplicate`,
    map: POSTING_MAP,
  },
  // postings (duplicates included) naming a credential at any level: saturation's "named"
  postingNamed: {
    sql: `SELECT ${POSTING_COLS}, pc.credential_id, 1 AS n FROM posting_credential pc JOIN ${jp} p ON p.id = pc.posting_id`,
    map: { ...POSTING_MAP, credential: 'credential_id' },
  },
  // unique postings in a credential's target SOCs
  credentialMarket: {
    sql: `SELECT ${POSTING_COLS}, cs.credential_id, 1 AS target_n FROM ${jp} p JOIN credential_soc cs ON cs.soc_code = p.soc_code WHERE NOT p.is_duplicate`,
    map: { ...POSTING_MAP, credential: 'credential_id' },
  },
  // awards, in their state (else their county's state), per credential and program ('--' none)
  award: {
    sql: `SELECT a.award_date AS month, ${AWARD_STATE_OF('a')} AS state_fips, a.county_fips, a.credential_id,
            COALESCE(a.program_cip, '--') AS program_cip, a.proof_status, 1 AS n FROM credential_award a`,
    // the provider through the credential as it is now (as the rollups read it)
    map: {
      date: 'month',
      state: 'state_fips',
      county: 'county_fips',
      credential: 'credential_id',
      provider: '(SELECT cp.provider_id FROM credential cp WHERE cp.id = x.credential_id)',
      cip: 'program_cip',
      proof: 'proof_status',
    },
  },
});

export const FACTS: Record<FactName, FactDecl> = factsOver('job_posting');
