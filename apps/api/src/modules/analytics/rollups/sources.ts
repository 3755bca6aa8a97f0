import type { ParsedFilters } from '../filters/parsed-filters.js';
import { supports, type ColumnMap } from '../filters/sql-builder.js';

/**
 * A fact source with the same columns whether it is read from a rollup table or computed from the
 * raw rows (a subquery with n = 1 per row): the metric queries are written once over either, so
 * both paths give identical answers. Raw sources also carry county_fips, naics_code, naics3/4 and
 * soc_code for the filters the rollups cannot answer.
 */
export interface Source {
  from: string;
  map: ColumnMap;
  rollup: boolean;
}

const RAW_POSTING_COLS = `p.id AS posting_id, p.posted_date AS month, COALESCE(p.state_fips, '--') AS state_fips, p.county_fips, p.naics_code,
  COALESCE(left(p.naics_code, 2), '--') AS naics2, COALESCE(left(p.naics_code, 3), '--') AS naics3, COALESCE(left(p.naics_code, 4), '--') AS naics4, p.soc_code, p.soc_source`;
const RAW_MAP: ColumnMap = { date: 'month', state: 'state_fips', county: 'county_fips', postingId: 'posting_id', naics: 'naics_code', soc: 'soc_code', socSource: 'soc_source' };
const ROLLUP: ColumnMap = { date: 'month', state: 'state_fips', naics2: 'naics2' };

export type SourceName = 'posting' | 'postingSector' | 'postingSoc' | 'postingCredential' | 'postingSkill' | 'award' | 'awardCip' | 'awardCredential' | 'credentialMarket' | 'credentialNaming';

const STATE_ONLY: ColumnMap = { date: 'month', state: 'state_fips' };
const ROLLUP_SOURCES: Record<SourceName, Source> = {
  posting: { from: 'rollup_posting', map: ROLLUP, rollup: true },
  postingSoc: { from: 'rollup_posting_soc', map: { ...STATE_ONLY, soc: 'soc_code' }, rollup: true },
  postingCredential: { from: 'rollup_posting_credential', map: { ...ROLLUP, credential: 'credential_id' }, rollup: true },
  postingSkill: { from: 'rollup_posting_skill', map: { ...STATE_ONLY, skill: 'skill_id' }, rollup: true },
  award: { from: 'rollup_award', map: { date: 'month', state: 'state_fips', credential: 'credential_id', cip: 'program_cip', awards: true }, rollup: true },
  // rollup_posting and rollup_award summed over the dimensions most questions do not split by
  postingSector: { from: 'rollup_posting_sector', map: ROLLUP, rollup: true },
  awardCip: { from: 'rollup_award_cip', map: { date: 'month', state: 'state_fips', cip: 'program_cip', awards: true }, rollup: true },
  awardCredential: { from: 'rollup_award_credential', map: { date: 'month', state: 'state_fips', credential: 'credential_id', awards: true }, rollup: true },
  // unique postings in a credential's target SOCs (target_n), by sector
  credentialMarket: { from: 'rollup_credential_market', map: { ...ROLLUP, credential: 'credential_id' }, rollup: true },
  // rollup_posting_credential summed over the sector
  credentialNaming: { from: 'rollup_credential_naming', map: { date: 'month', state: 'state_fips', credential: 'credential_id' }, rollup: true },
};

const RAW_POSTING: Source = {
  from: `(SELECT ${RAW_POSTING_COLS}, p.degree_level, p.in_lieu, (NOT p.is_duplicate)::int AS unique_n, 1 AS total_n FROM job_posting p)`,
  map: RAW_MAP,
  rollup: false,
};
const RAW_AWARD: Source = {
  from: `(SELECT a.award_date AS month, COALESCE(a.state_fips, left(a.county_fips, 2), '--') AS state_fips, a.county_fips,
            a.credential_id, COALESCE(a.program_cip, '--') AS program_cip, a.proof_status, 1 AS n FROM credential_award a)`,
  map: { date: 'month', state: 'state_fips', county: 'county_fips', credential: 'credential_id', cip: 'program_cip', proof: 'proof_status' },
  rollup: false,
};

const RAW_POSTING_CREDENTIAL: Source = {
  from: `(SELECT ${RAW_POSTING_COLS}, pc.credential_id, pc.level,
            EXISTS (SELECT 1 FROM credential_soc cs WHERE cs.credential_id = pc.credential_id AND cs.soc_code = p.soc_code) AS in_target, 1 AS n
          FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id WHERE NOT p.is_duplicate
          UNION ALL
          SELECT ${RAW_POSTING_COLS}, 0, (SELECT pc.level FROM posting_credential pc JOIN credential c ON c.id = pc.credential_id
               WHERE pc.posting_id = p.id AND c.is_micro ORDER BY CASE pc.level WHEN 1 THEN 0 WHEN 3 THEN 1 ELSE 2 END LIMIT 1), true, 1
          FROM job_posting p WHERE NOT p.is_duplicate AND EXISTS (SELECT 1 FROM posting_credential pc JOIN credential c ON c.id = pc.credential_id WHERE pc.posting_id = p.id AND c.is_micro))`,
  map: { ...RAW_MAP, credential: 'credential_id' },
  rollup: false,
};

const RAW_SOURCES: Record<SourceName, Source> = {
  posting: RAW_POSTING,
  postingSoc: {
    from: `(SELECT ${RAW_POSTING_COLS}, 1 AS unique_n FROM job_posting p WHERE NOT p.is_duplicate AND p.soc_code IS NOT NULL)`,
    map: RAW_MAP,
    rollup: false,
  },
  postingCredential: RAW_POSTING_CREDENTIAL,
  postingSkill: {
    from: `(SELECT ${RAW_POSTING_COLS}, ps.skill_id, ps.level, 1 AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id WHERE NOT p.is_duplicate)`,
    map: { ...RAW_MAP, skill: 'skill_id' },
    rollup: false,
  },
  award: RAW_AWARD,
  // the narrower rollups summarise the same raw rows as the wide ones
  postingSector: RAW_POSTING,
  awardCip: RAW_AWARD,
  awardCredential: RAW_AWARD,
  credentialNaming: RAW_POSTING_CREDENTIAL,
  credentialMarket: {
    from: `(SELECT ${RAW_POSTING_COLS}, cs.credential_id, 1 AS target_n FROM job_posting p JOIN credential_soc cs ON cs.soc_code = p.soc_code WHERE NOT p.is_duplicate)`,
    map: { ...RAW_MAP, credential: 'credential_id' },
    rollup: false,
  },
};

// Dimension columns each rollup table has (beyond month and state_fips).
const ROLLUP_COLUMNS: Record<SourceName, string[]> = {
  posting: ['naics2', 'degree_level', 'in_lieu'],
  postingSoc: ['soc_code'],
  postingCredential: ['naics2', 'credential_id', 'level', 'in_target'],
  postingSkill: ['skill_id'],
  award: ['credential_id', 'program_cip'],
  postingSector: ['naics2'],
  awardCip: ['program_cip'],
  awardCredential: ['credential_id'],
  credentialMarket: ['naics2', 'credential_id'],
  credentialNaming: ['credential_id', 'level', 'in_target'],
};

/**
 * The rollup source when it can answer `f` (national or state region, filters it has columns for,
 * no dimension it lacks), else the raw source. `needs`: raw-only columns the query uses
 * (e.g. 'naics3'); `forceRaw` for the equivalence tests.
 */
export function pickSource(name: SourceName, f: ParsedFilters, opts: { needs?: readonly string[]; forceRaw?: boolean; skip?: Parameters<typeof supports>[2] } = {}): Source {
  const r = ROLLUP_SOURCES[name];
  const rollupOk =
    !opts.forceRaw &&
    (f.region.kind === 'us' || f.region.kind === 'state') &&
    supports(f, r.map, opts.skip) &&
    (opts.needs ?? []).every((c) => ROLLUP_COLUMNS[name].includes(c));
  return rollupOk ? r : RAW_SOURCES[name];
}

/** The region rows to read: national rows ('US') of a rollup for the nation, unless grouping by state. */
export function nationCondition(src: Source, f: ParsedFilters, byState = false): string[] {
  if (!src.rollup || f.region.kind !== 'us') return [];
  return [byState ? `state_fips <> 'US'` : `state_fips = 'US'`];
}
