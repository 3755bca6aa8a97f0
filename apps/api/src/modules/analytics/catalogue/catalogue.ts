import type { ColumnMap } from '../filters/sql-builder.js';
import { FACTS, type FactName } from './facts.js';

/**
 * The analytics catalogue: every rollup table declared once. A declaration names its grain (the
 * dimensions after `month`, and `state_fips` unless it has no region), its measures (integer sums),
 * where its rows come from (fact rows grouped, or a wider rollup summed), whether it holds national
 * rows ('US', the sum of the states), its indexes, which loaded data changes it, and the filters it
 * can answer. From these come the DDL the baseline migration created (checked at start-up,
 * checkCatalogue), the full and incremental refresh (refresh.ts), the choice between a rollup and
 * the raw rows for a filter set (source.ts) and the table lists. A rollup table's name is written
 * here and in the baseline migration only.
 *
 * Adding a rollup: one declaration here, the table in a new migration, and its equivalence test
 * (tests/integration/catalogue-equivalence.spec.ts covers every declaration).
 */

export type ColType = 'date' | 'text' | 'integer' | 'smallint' | 'boolean' | 'integer[]';
/** Loaded data whose change a rollup follows: a postings file refreshes only the posting rollups. */
export type Change = 'postings' | 'awards' | 'outcomes';
export const ALL_CHANGES: readonly Change[] = ['postings', 'awards', 'outcomes'];

export type RollupName =
  | 'posting'
  | 'postingSector'
  | 'postingSoc'
  | 'postingCredential'
  | 'credentialNaming'
  | 'postingSkill'
  | 'postingHistSector'
  | 'postingHist'
  | 'credentialMarket'
  | 'saturationSkill'
  | 'saturationNamed'
  | 'award'
  | 'awardCip'
  | 'awardCredential'
  | 'equity'
  | 'equityCredential'
  | 'outcome'
  | 'outcomeBins'
  | 'outcomeCum'
  | 'pathway';

export interface RollupDecl {
  /** The table's name. */
  table: string;
  /** Dimension columns after month (and state_fips when `region` is not 'none'), in table order. */
  grain: Record<string, ColType>;
  /** Summed measures (integer), in table order. */
  measures: readonly string[];
  /** Integer array columns after the measures (custom fills: a histogram's bins and counts, in parallel). */
  arrays?: readonly string[];
  /**
   * Where the rows come from:
   * - `fact`: fact rows (facts.ts) grouped by the grain over the months from `since` (`where`: which rows);
   * - `facts`: several facts' rows (sharing their columns, each giving 0 for the others' measures), grouped together;
   * - `sumOf`: a wider rollup's rows summed over the dimensions this one lacks (a narrower copy);
   * - `custom`: a fill of its own (refresh.ts), for rows that are not a grouping of fact rows.
   */
  from: { fact: FactName; where?: readonly string[] } | { facts: readonly FactName[] } | { sumOf: RollupName } | { custom: true };
  /**
   * 'states': state rows plus national rows under 'US' (their sum); 'summed': state rows only, a
   * national question sums them (for a grain so fine that national rows would make the rollup larger
   * than its facts); 'nation': national rows only (a state question reads the raw rows); 'none': no
   * region column.
   */
  region: 'states' | 'summed' | 'nation' | 'none';
  /** Index key columns (the first one named `<table>_idx`, the others `<table>_<suffix>_idx`). */
  indexes: readonly { suffix?: string; keys: readonly string[] }[];
  /** Loaded data whose change refreshes it. */
  changes: Change;
  /**
   * The filters it answers (sql-builder column map over its columns). The filters a question uses
   * beyond these, or a dimension outside its grain, send the question to the raw rows.
   */
  map: ColumnMap;
  /** Joined when the question filters by provider (`map.provider` reads `c.provider_id`): the credential as it is now, as on the raw path. */
  join?: string;
}

const STATE_MONTH = [{ keys: ['state_fips', 'month'] }] as const;
/** Most rollups: state and national rows, one count `n`, read by state and month. */
const counts = (d: Pick<RollupDecl, 'table' | 'grain' | 'from' | 'changes' | 'map'> & Partial<RollupDecl>): RollupDecl => ({
  measures: ['n'],
  region: 'states',
  indexes: STATE_MONTH,
  ...d,
});
const ROLLUP_MAP: ColumnMap = { date: 'month', state: 'state_fips', naics2: 'naics2' };
const STATE_ONLY: ColumnMap = { date: 'month', state: 'state_fips' };
const AWARDS: ColumnMap = { date: 'month', state: 'state_fips', awards: true };

export const CATALOGUE: Record<RollupName, RollupDecl> = {
  // postings: starts (unique, total) and unique ends per month, for counts, new and active
  posting: {
    table: 'rollup_posting',
    grain: { naics2: 'text', degree_level: 'smallint', in_lieu: 'boolean' },
    measures: ['unique_n', 'total_n', 'ended_n'],
    from: { facts: ['posting', 'postingEnd'] },
    region: 'states',
    indexes: STATE_MONTH,
    changes: 'postings',
    map: ROLLUP_MAP,
  },
  // rollup_posting without degree level and in lieu (10x fewer rows): counts, trends, concentration
  postingSector: {
    table: 'rollup_posting_sector',
    grain: { naics2: 'text' },
    measures: ['unique_n', 'total_n', 'ended_n'],
    from: { sumOf: 'posting' },
    region: 'states',
    indexes: STATE_MONTH,
    changes: 'postings',
    map: ROLLUP_MAP,
  },
  // unique postings per detailed SOC (recognition denominators, program openings)
  postingSoc: {
    table: 'rollup_posting_soc',
    grain: { soc_code: 'text' },
    measures: ['unique_n'],
    from: { fact: 'posting', where: ['unique_n = 1', 'soc_code IS NOT NULL'] },
    region: 'states',
    indexes: STATE_MONTH,
    changes: 'postings',
    map: { ...STATE_ONLY, soc: 'soc_code' },
  },
  // unique postings naming a credential by level; in_target: the posting's SOC is one of the
  // credential's target SOCs; credential 0 = any micro-credential (each posting once)
  postingCredential: counts({
    table: 'rollup_posting_credential',
    grain: { credential_id: 'integer', naics2: 'text', level: 'smallint', in_target: 'boolean' },
    from: { fact: 'postingCredential' },
    indexes: [{ keys: ['state_fips', 'month'] }, { suffix: 'credential', keys: ['state_fips', 'credential_id', 'month'] }, { suffix: 'sector', keys: ['state_fips', 'naics2', 'month'] }],
    changes: 'postings',
    map: { ...ROLLUP_MAP, credential: 'credential_id' },
  }),
  // rollup_posting_credential summed over the sector (recognition per credential)
  credentialNaming: counts({
    table: 'rollup_credential_naming',
    grain: { credential_id: 'integer', level: 'smallint', in_target: 'boolean' },
    from: { sumOf: 'postingCredential' },
    changes: 'postings',
    map: { ...STATE_ONLY, credential: 'credential_id' },
  }),
  // unique postings naming a skill (any level)
  postingSkill: counts({
    table: 'rollup_posting_skill',
    grain: { skill_id: 'text' },
    from: { fact: 'postingSkill' },
    changes: 'postings',
    map: { ...STATE_ONLY, skill: 'skill_id' },
  }),
  // histograms of unique postings by NAICS sector: 'wage' ($1,000 bins of annual salary), 'duration'
  // (days). With state rows it holds fewer rows than the histogram facts it groups (1.19M against
  // 1.44M at 1M postings: wage and duration per posting); national rows only sent every state with a
  // sector to the raw postings (p95 2.4 s at 1M under load).
  postingHistSector: counts({
    table: 'rollup_posting_hist_sector',
    grain: { naics2: 'text', kind: 'text', value: 'integer' },
    from: { fact: 'postingHist' },
    indexes: [{ keys: ['state_fips', 'naics2', 'kind', 'month'] }],
    changes: 'postings',
    map: ROLLUP_MAP,
  }),
  // the same summed over the sector
  postingHist: counts({
    table: 'rollup_posting_hist',
    grain: { kind: 'text', value: 'integer' },
    from: { sumOf: 'postingHistSector' },
    indexes: [{ keys: ['kind', 'state_fips', 'month'] }],
    changes: 'postings',
    map: STATE_ONLY,
  }),
  // unique postings in each credential's target SOCs, by sector (recognition denominators under a
  // sector filter); reads credential_soc as it is now: catalog loads refresh everything. State rows
  // only: with national rows (rollup_credential_market, before) it held 1.11M rows for 1.01M posting x
  // target-credential facts at 1M postings; a national question sums a sector's state rows (sector index).
  credentialMarket: {
    table: 'rollup_credential_target',
    grain: { naics2: 'text', credential_id: 'integer' },
    measures: ['target_n'],
    from: { fact: 'credentialMarket' },
    region: 'summed',
    indexes: [{ keys: ['state_fips', 'naics2', 'month'] }, { suffix: 'sector', keys: ['naics2', 'month'] }],
    changes: 'postings',
    map: { ...ROLLUP_MAP, credential: 'credential_id' },
  },
  // saturation: unique postings naming a skill as required or preferred
  saturationSkill: counts({
    table: 'rollup_saturation_skill',
    grain: { skill_id: 'text' },
    from: { fact: 'postingSkill', where: ['level IN (1, 2)'] },
    changes: 'postings',
    map: { ...STATE_ONLY, skill: 'skill_id' },
  }),
  // saturation: postings (duplicates included) naming a credential at any level
  saturationNamed: counts({
    table: 'rollup_saturation_named',
    grain: { credential_id: 'integer' },
    from: { fact: 'postingNamed' },
    indexes: [{ keys: ['state_fips', 'credential_id', 'month'] }],
    changes: 'postings',
    map: { ...STATE_ONLY, credential: 'credential_id' },
  }),
  // awards (people) per credential and program CIP
  award: counts({
    table: 'rollup_award',
    grain: { credential_id: 'integer', program_cip: 'text' },
    from: { fact: 'award' },
    changes: 'awards',
    map: { ...AWARDS, credential: 'credential_id', cip: 'program_cip' },
  }),
  // rollup_award summed over the credential (program demand)
  awardCip: counts({
    table: 'rollup_award_cip',
    grain: { program_cip: 'text' },
    from: { sumOf: 'award' },
    changes: 'awards',
    map: { ...AWARDS, cip: 'program_cip' },
  }),
  // rollup_award summed over the program (skill supply, saturation)
  awardCredential: counts({
    table: 'rollup_award_credential',
    grain: { credential_id: 'integer' },
    from: { sumOf: 'award' },
    changes: 'awards',
    map: { ...AWARDS, credential: 'credential_id', provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.credential_id',
  }),
  // awards per demographic group; dimension '*' / grp '*' is the total each dimension adds up to
  equity: counts({
    table: 'rollup_equity',
    grain: { dimension: 'text', grp: 'text' },
    from: { custom: true },
    changes: 'awards',
    map: AWARDS,
  }),
  // the same nationally per credential (a state x credential table would outgrow the awards)
  equityCredential: {
    table: 'rollup_equity_credential',
    grain: { credential_id: 'integer', dimension: 'text', grp: 'text' },
    measures: ['n'],
    from: { custom: true },
    region: 'none',
    indexes: [{ keys: ['credential_id', 'month'] }],
    changes: 'awards',
    map: { date: 'month', credential: 'credential_id', awards: true, provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.credential_id',
  },
  // earners per credential and quarter after the award (q = 1, 2, 4)
  outcome: {
    table: 'rollup_outcome',
    grain: { credential_id: 'integer', q: 'smallint' },
    measures: ['earners', 'with_data', 'employed', 'wage_n', 'change_n'],
    from: { custom: true },
    region: 'states',
    indexes: [{ keys: ['state_fips', 'month'] }, { suffix: 'credential', keys: ['credential_id', 'state_fips', 'month'] }],
    changes: 'outcomes',
    map: { date: 'month', state: 'state_fips', credential: 'credential_id', awards: true, provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.credential_id',
  },
  // earner histograms for the percentiles: kind 1 quarterly wage, 2 wage change; one row per month,
  // state, credential, quarter after the award and kind, its occupied bins (bin = floor(value / 250))
  // and their counts as two parallel arrays, summed by the reader. One row per bin (rollup_outcome_hist,
  // before) held 120k rows for a national year at 1M postings / 200k awards, which the percentile
  // query grouped, sorted and ranked in 3.3 s under load; this holds 14k.
  outcomeBins: {
    table: 'rollup_outcome_bins',
    grain: { credential_id: 'integer', q: 'smallint', kind: 'smallint' },
    measures: [],
    arrays: ['bins', 'ns'],
    from: { custom: true },
    region: 'states',
    indexes: [{ keys: ['state_fips', 'month'] }, { suffix: 'credential', keys: ['credential_id', 'state_fips', 'month'] }],
    changes: 'outcomes',
    map: { date: 'month', state: 'state_fips', credential: 'credential_id', awards: true, provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.credential_id',
  },
  // The nation's outcome counts and histograms cumulated over months: the row of month m holds every
  // earner awarded up to m (the wage and wage-change bins as arrays, as outcomeBins), one row per
  // credential and quarter after the award for every month from its first earner to the last month
  // of the outcome rollups. A national question of any months reads two rows per credential and
  // quarter (the row of its last month minus the row before its first) instead of one per month and
  // kind (14,266 histogram and 7,200 count rows for a national year at 1M postings / 200k awards).
  // Filled from the national rows of outcome and outcomeBins after each outcomes refresh, from the
  // first month it recomputed on (each credential and quarter continuing its latest earlier row).
  outcomeCum: {
    table: 'rollup_outcome_cum',
    grain: { credential_id: 'integer', q: 'smallint' },
    measures: ['earners', 'with_data', 'employed', 'wage_n', 'change_n'],
    arrays: ['wage_bins', 'wage_ns', 'change_bins', 'change_ns'],
    from: { custom: true },
    region: 'nation',
    indexes: [{ keys: ['credential_id', 'month'] }],
    changes: 'outcomes',
    map: { date: 'month', state: 'state_fips', credential: 'credential_id', awards: true, provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.credential_id',
  },
  // earners of a part credential by whole months to their first award of the whole (-1: none yet)
  pathway: counts({
    table: 'rollup_pathway',
    grain: { from_id: 'integer', to_id: 'integer', months: 'integer' },
    from: { custom: true },
    indexes: [{ keys: ['state_fips', 'month'] }, { suffix: 'from', keys: ['from_id', 'state_fips', 'month'] }],
    changes: 'awards',
    map: { date: 'month', state: 'state_fips', credential: 'from_id', awards: true, provider: 'c.provider_id' },
    join: 'JOIN credential c ON c.id = x.from_id',
  }),
};

export const ROLLUP_NAMES = Object.keys(CATALOGUE) as RollupName[];

/**
 * Rollups of loaded public data, filled by their own load (public-data.loader.ts), not by
 * refreshRollups: first-major IPEDS completions by year, area ('US', state FIPS, '--') and
 * CIP x award level (primary key in that order), measure n, in the load's transaction; program
 * demand's precomputed areas right after it. Keys are the primary key, in order.
 */
export const PUBLIC_DATA_ROLLUPS = {
  ipedsCompletion: { table: 'rollup_ipeds_completion', keys: ['year', 'area', 'cip_code', 'award_level'], measures: ['n'] },
  // Program demand of the nation and each state, rebuilt after every public-data load from the
  // tables above (program-demand/public-demand.refresh.ts); each area row names the data version it
  // was built from and a stale one is never read.
  publicDemandArea: { table: 'rollup_public_demand_area', keys: ['area'], measures: ['version', 'years', 'oews', 'projections', 'has_openings', 'basis'] },
  publicDemandSoc: { table: 'rollup_public_demand_soc', keys: ['area', 'soc_code'], measures: ['in_oews', 'employment', 'wage', 'rate', 'education', 'tier', 'tier_source', 'openings'] },
  publicDemandProgram: { table: 'rollup_public_demand_program', keys: ['area', 'cip_code', 'tier'], measures: ['openings'] },
  // rank=gap of the nation and each state per disclosure threshold k (built with the areas).
  publicDemandRankArea: { table: 'rollup_public_demand_rank_area', keys: ['area', 'k'], measures: ['version', 'suppressed', 'not_candidates', 'live_only'] },
  publicDemandRank: { table: 'rollup_public_demand_rank', keys: ['area', 'k', 'cip_code'], measures: ['gap', 'block'] },
} as const;

/** Every rollup table, in declaration order. */
export const ROLLUP_TABLES: readonly string[] = ROLLUP_NAMES.map((n) => CATALOGUE[n].table);

/** The rollups a change of `c` refreshes. */
export const rollupsChangedBy = (c: Change): RollupName[] => ROLLUP_NAMES.filter((n) => CATALOGUE[n].changes === c);

/** The rollup's columns in table order with their types. */
export function columnsOf(name: RollupName): [string, ColType][] {
  const d = CATALOGUE[name];
  return [
    ['month', 'date'],
    ...(d.region === 'none' ? [] : ([['state_fips', 'text']] as [string, ColType][])),
    ...(Object.entries(d.grain) as [string, ColType][]),
    ...d.measures.map((m): [string, ColType] => [m, 'integer']),
    ...(d.arrays ?? []).map((m): [string, ColType] => [m, 'integer[]']),
  ];
}

/** Key columns (month, state_fips, grain) in table order. */
export function keysOf(name: RollupName): string[] {
  const d = CATALOGUE[name];
  return ['month', ...(d.region === 'none' ? [] : ['state_fips']), ...Object.keys(d.grain)];
}

export const indexName = (table: string, suffix?: string): string => (suffix ? `${table}_${suffix}_idx` : `${table}_idx`);

/** An index of a rollup: key columns, named `<table>_idx` or `<table>_<suffix>_idx`. */
export interface RollupIndex {
  suffix?: string;
  keys: readonly string[];
  unique?: boolean;
}

/**
 * A rollup's indexes: its declared ones, then `<table>_key_idx`, unique on its keys (keysOf: month,
 * state_fips, grain), which every rollup has: every refresh deletes and re-reads its rows from a
 * month on (its leading month column; it replaced `<table>_month_idx`, migration RollupKeys), and
 * the refresh after a postings load adds the load's counts into the rows of their keys
 * (`INSERT ... ON CONFLICT (keys) DO UPDATE`, refresh.ts addPostingDelta).
 */
export function indexesOf(name: RollupName): readonly RollupIndex[] {
  return [...CATALOGUE[name].indexes, { suffix: 'key', keys: keysOf(name), unique: true }];
}

/** The DDL of a rollup (the baseline migration holds the same text; checkCatalogue compares the database with it). */
export function rollupDdl(name: RollupName): string {
  const d = CATALOGUE[name];
  const cols = columnsOf(name).map(([c, t]) => `  ${c} ${t} NOT NULL`);
  return [
    `CREATE TABLE ${d.table} (\n${cols.join(',\n')}\n);`,
    ...indexesOf(name).map((i) => `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${indexName(d.table, i.suffix)} ON ${d.table}(${i.keys.join(', ')});`),
  ].join('\n');
}

export { FACTS };
