import type { AwardTier, PublicDataBasis, PublicSupplyDemand } from '@credpulse/contracts';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { BulkWriter, cols, detectBulkMode, type Cell } from '../demo/bulk-writer.js';
import { STATE_POPULATION_THOUSANDS } from '../demo/state-population.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { PUBLIC_DATA_ROLLUPS } from '../analytics/catalogue/catalogue.js';
import { source } from '../analytics/catalogue/source.js';

/** Each institution's latest HD record: where it is. */
const INSTITUTIONS = `(SELECT DISTINCT ON (unitid) unitid, name, state_fips, county_fips FROM ipeds_institution ORDER BY unitid, vintage DESC)`;

export interface CompletionCell {
  cip: string;
  awardLevel: number;
  year: number;
  n: number;
}

export interface OewsInRegion {
  vintage: string;
  area: string;
  scaledBy: { method: 'population-share' | 'postings-share'; share: number } | null;
  bySoc: Map<string, { employment: number | null; wage: number | null }>;
}

/** One area's precomputed rows (rollup_public_demand_*), as read for an answer. */
export interface PrecomputedArea {
  years: number[];
  oews: { vintage: string; area: string; scaledBy: OewsInRegion['scaledBy']; size: number } | null;
  projections: { vintage: string; area: string } | null;
  hasOpenings: boolean;
  basis: PublicDataBasis;
  /** soc, in OEWS, employment, wage, rate, education, tier, tier source, openings */
  socs: [string, boolean, number | null, number | null, number | null, string | null, AwardTier | null, 'projections' | 'onet-job-zone' | null, number | null][];
  /** cip, tier, allocated openings */
  programs: [string, AwardTier, number][];
  /** cip, award level, year, n */
  cells: [string, number, number, number][];
}

/** What the precompute writes for one area. */
export interface PrecomputedAreaRows {
  area: string;
  years: number[];
  oews: PrecomputedArea['oews'];
  projections: PrecomputedArea['projections'];
  hasOpenings: boolean;
  basis: PublicDataBasis;
  socs: PrecomputedArea['socs'];
  programs: PrecomputedArea['programs'];
}

/** What the precompute writes for "programs with the largest gaps" of one area at one k. */
export interface RankAreaRows {
  area: string;
  /** Suppressed cells of the public columns over the programs that are candidates on public data. */
  suppressed: number;
  /** Programs of the crosswalk that are no candidates on public data alone (postings or awards can make them one). */
  notCandidates: string[];
  /** Of those, the ones with completions in an earlier year: as candidates they would join that year's disclosure, so an answer naming one computes live. */
  liveOnly: string[];
  /** cip, gap (the sort key), public block; every program but liveOnly. */
  rows: [string, number | null, PublicSupplyDemand][];
}

/** An area's ranking as read for a rank=gap answer: the area facts and the rows that can reach the top `limit`. */
export interface PrecomputedRank {
  basis: PublicDataBasis;
  suppressed: number;
  notCandidates: string[];
  liveOnly: string[];
  /** Every program whose gap is at least the limit-th candidate's on public data (all of them when that one has none). */
  rows: [string, PublicSupplyDemand][];
}

/**
 * CIP codes under `prefix` as an index range of a char(7) column and the LIKE itself (the range lets
 * an index seek in any collation; the LIKE keeps the answer exact whatever the range admits).
 */
function cipRange(column: string, prefix: string, p: SqlParams): string {
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return `${column} >= ${p.add(prefix)}::bpchar AND ${column} < ${p.add(next)}::bpchar AND ${column} LIKE ${p.add(prefix + '%')}`;
}

/** Public-data loads. */
export const PUBLIC_DATA_VERSION_SQL = `(SELECT count(*) || ':' || COALESCE(max(loaded_at)::text, '') FROM public_data_load)`;
/** Taxonomy loads (the crosswalk, O*NET job zones). */
export const TAXONOMY_VERSION_SQL = `(SELECT COALESCE(max(loaded_at)::text, '') FROM taxonomy_version)`;
/** What the precomputed areas are built from: public-data and taxonomy loads (publicDemandVersion()). */
export const PUBLIC_DEMAND_VERSION_SQL = `(${PUBLIC_DATA_VERSION_SQL} || '|' || ${TAXONOMY_VERSION_SQL})`;
export const publicDemandVersion = (v: { publicData: string; taxonomy: string }): string => `${v.publicData}|${v.taxonomy}`;

const SOC_COLUMNS = cols('area text, soc_code text, in_oews bool, employment float8, wage float8, rate float8, education text, tier text, tier_source text, openings float8');
const PROGRAM_COLUMNS = cols('area text, cip_code text, tier text, openings float8');

const RANK_COLUMNS = cols('area text, k int2, cip_code text, gap float8, block json');
const RANK_AREA_TABLE = PUBLIC_DATA_ROLLUPS.publicDemandRankArea.table;
const RANK_TABLE = PUBLIC_DATA_ROLLUPS.publicDemandRank.table;
const AREA_TABLE = PUBLIC_DATA_ROLLUPS.publicDemandArea.table;
const SOC_TABLE = PUBLIC_DATA_ROLLUPS.publicDemandSoc.table;
const PROGRAM_TABLE = PUBLIC_DATA_ROLLUPS.publicDemandProgram.table;

export interface ProjectionsInRegion {
  vintage: string;
  area: string;
  bySoc: Map<string, { rate: number; education: string | null }>;
}

/** SQL over the public-data tables for program demand. Values reach SQL only as bind parameters. */
export class PublicDemandRepository {
  constructor(private readonly ds: DataSource) {}

  async cipTitle(code: string): Promise<string | null> {
    const [r]: { title: string }[] = await this.ds.query('SELECT title FROM cip WHERE code = $1', [code]);
    return r?.title ?? null;
  }

  /** Every CIP title by code. */
  async cipTitles(): Promise<Map<string, string>> {
    const rows: { code: string; title: string }[] = await this.ds.query('SELECT code, title FROM cip');
    return new Map(rows.map((r) => [r.code, r.title]));
  }

  /** Loaded completion years, oldest first (from the load records: a load writes its rows and its record in one transaction). */
  async completionYears(): Promise<number[]> {
    const rows: { year: number }[] = await this.ds.query(`SELECT vintage::int AS year FROM public_data_load WHERE dataset = 'ipeds-completions' ORDER BY 1`);
    return rows.map((r) => Number(r.year));
  }

  /**
   * First-major completions at institutions located in the region, by CIP, award level and year
   * (IPEDS grand totals were never loaded; second majors are MAJORNUM 2 and left out here).
   * `cip`: only programs under that prefix; `year`: only that year.
   */
  async completions(f: ParsedFilters, opts: { cip?: string; year?: number } = {}): Promise<CompletionCell[]> {
    if (f.region.kind === 'us' || f.region.kind === 'state') return this.areaCells(f.region.kind === 'us' ? 'US' : f.region.code, opts);
    const p = new SqlParams();
    const conds = [...whereFilters({ ...f, cip: undefined }, { state: 'i.state_fips', county: 'i.county_fips' }, p, ['date']), 'c.majornum = 1'];
    if (opts.cip) conds.push(`c.cip_code LIKE ${p.add(opts.cip + '%')}`);
    if (opts.year !== undefined) conds.push(`c.year = ${p.add(opts.year)}`);
    const rows: { cip: string; aw: number; year: number; n: number }[] = await this.ds.query(
      `SELECT c.cip_code AS cip, c.award_level AS aw, c.year, sum(c.total)::int AS n
       FROM ipeds_completion c JOIN ${INSTITUTIONS} i USING (unitid) ${where(conds)}
       GROUP BY 1, 2, 3`,
      p.values,
    );
    return rows.map((r) => ({ cip: r.cip, awardLevel: Number(r.aw), year: Number(r.year), n: r.n }));
  }

  /** The nation's ('US') or a state's first-major completions from the rollup (filled by each load). */
  protected async areaCells(area: string, opts: { cip?: string; year?: number }): Promise<CompletionCell[]> {
    const p = new SqlParams();
    const conds = [`area = ${p.add(area)}`];
    if (opts.cip) conds.push(`cip_code LIKE ${p.add(opts.cip + '%')}`);
    if (opts.year !== undefined) conds.push(`year = ${p.add(opts.year)}`);
    const rows: { cip: string; aw: number; year: number; n: number }[] = await this.ds.query(
      `SELECT cip_code AS cip, award_level AS aw, year, n FROM ${PUBLIC_DATA_ROLLUPS.ipedsCompletion.table} ${where(conds)}`,
      p.values,
    );
    return rows.map((r) => ({ cip: r.cip, awardLevel: Number(r.aw), year: Number(r.year), n: r.n }));
  }

  /** Institutions in the region with first-major completions under the CIP prefix in `year`, by award level. */
  async institutions(f: ParsedFilters, cip: string, year: number): Promise<{ unitid: number; name: string; county: string | null; awardLevel: number; n: number }[]> {
    const p = new SqlParams();
    const conds = whereFilters({ ...f, cip: undefined }, { state: 'i.state_fips', county: 'i.county_fips' }, p, ['date']);
    const y = p.add(year);
    // The nation: the program's first majors of the year first (one range of a covering partial
    // index), then their institutions. A smaller region: its institutions first, each probed for the
    // program's range of CIP codes in the year (primary key year, unitid, cip_code: a few rows each).
    const sql =
      f.region.kind === 'us'
        ? `WITH c AS MATERIALIZED (SELECT c.unitid, c.award_level, c.total FROM ipeds_completion c WHERE c.majornum = 1 AND c.year = ${y} AND c.cip_code LIKE ${p.add(cip + '%')})
           SELECT c.unitid, i.name, i.county_fips AS county, c.award_level AS aw, sum(c.total)::int AS n
           FROM c JOIN ${INSTITUTIONS} i USING (unitid) ${where(conds)}
           GROUP BY 1, 2, 3, 4`
        : `WITH i AS MATERIALIZED (SELECT * FROM ${INSTITUTIONS} i ${where(conds)})
           SELECT c.unitid, i.name, i.county_fips AS county, c.award_level AS aw, sum(c.total)::int AS n
           FROM i JOIN ipeds_completion c ON c.unitid = i.unitid AND c.year = ${y} AND c.majornum = 1 AND ${cipRange('c.cip_code', cip, p)}
           GROUP BY 1, 2, 3, 4`;
    const rows: { unitid: number; name: string; county: string | null; aw: number; n: number }[] = await this.ds.query(sql, p.values);
    return rows.map((r) => ({ unitid: Number(r.unitid), name: r.name, county: r.county, awardLevel: Number(r.aw), n: r.n }));
  }

  /**
   * OEWS employment and median annual wage by SOC for the region, latest vintage: the region's own
   * area file when loaded (state, or MSA for a CBSA); otherwise the national estimates scaled by the
   * region's share of the U.S. population (states) or of the period's postings (other regions).
   */
  async oews(f: ParsedFilters): Promise<OewsInRegion | null> {
    const vintage = await this.oewsVintage();
    if (vintage === null) return null;
    const read = (areaType: number, area: string) => this.oewsOf(vintage, areaType, area);
    const r = f.region;
    if (r.kind === 'state' || r.kind === 'cbsa') {
      const own = await read(r.kind === 'state' ? 2 : 4, r.code);
      if (own.size > 0) return { vintage: String(vintage), area: `${r.kind}:${r.code}`, scaledBy: null, bySoc: own };
    }
    const national = await read(1, 'US');
    if (national.size === 0) return null;
    if (r.kind === 'us') return { vintage: String(vintage), area: 'US', scaledBy: null, bySoc: national };
    let scaledBy: OewsInRegion['scaledBy'] = null;
    if (r.kind === 'state') {
      const usps = await this.uspsOf(r.code);
      const pop = usps ? STATE_POPULATION_THOUSANDS[usps] : undefined;
      const us = Object.values(STATE_POPULATION_THOUSANDS).reduce((a, b) => a + b, 0);
      if (pop) scaledBy = { method: 'population-share', share: pop / us };
    }
    if (!scaledBy) {
      const share = await this.postingsShare(f);
      if (share !== null) scaledBy = { method: 'postings-share', share };
    }
    if (!scaledBy) return { vintage: String(vintage), area: 'US', scaledBy: { method: 'postings-share', share: 0 }, bySoc: new Map() };
    const s = scaledBy.share;
    const scaled = new Map([...national].map(([soc, x]) => [soc, { employment: x.employment === null ? null : x.employment * s, wage: x.wage }]));
    return { vintage: String(vintage), area: 'US', scaledBy, bySoc: scaled };
  }

  protected async oewsVintage(): Promise<number | null> {
    const [v]: { vintage: number | null }[] = await this.ds.query('SELECT max(vintage) AS vintage FROM oews_estimate');
    return v?.vintage === null || v?.vintage === undefined ? null : Number(v.vintage);
  }

  /** OEWS employment and median annual wage by SOC of one area file. */
  protected async oewsOf(vintage: number, areaType: number, area: string): Promise<Map<string, { employment: number | null; wage: number | null }>> {
    const rows: { soc: string; employment: number | null; wage: string | null }[] = await this.ds.query(
      `SELECT soc_code AS soc, employment, annual_median AS wage FROM oews_estimate WHERE vintage = $1 AND area_type = $2 AND area = $3`,
      [vintage, areaType, area],
    );
    return new Map(rows.map((r) => [r.soc, { employment: r.employment, wage: r.wage === null ? null : Number(r.wage) }]));
  }

  protected async uspsOf(fips: string): Promise<string | null> {
    const [st]: { usps: string }[] = await this.ds.query('SELECT usps FROM state WHERE fips = $1', [fips]);
    return st?.usps ?? null;
  }

  protected async projectionsVintage(): Promise<string | null> {
    const [v]: { vintage: string | null }[] = await this.ds.query('SELECT max(vintage) AS vintage FROM ep_projection');
    return v?.vintage ?? null;
  }

  /** Openings rate and entry education by SOC of one projections table (national 'US' or a state). */
  protected async projectionsOf(vintage: string, area: string): Promise<Map<string, { rate: number; education: string | null }>> {
    const rows: { soc: string; rate: number; education: string | null }[] = await this.ds.query(
      `SELECT soc_code AS soc, openings / employment_base AS rate, education FROM ep_projection WHERE vintage = $1 AND area = $2 AND employment_base > 0`,
      [vintage, area],
    );
    return new Map(rows.map((r) => [r.soc, { rate: Number(r.rate), education: r.education }]));
  }

  /** The region's share of the nation's unique postings in the period (null without postings). */
  private async postingsShare(f: ParsedFilters): Promise<number | null> {
    const count = async (g: ParsedFilters) => {
      const p = new SqlParams();
      const ps = source('postingSoc', { ...g, cip: undefined, soc: undefined }, p, { skip: ['cip', 'soc'] });
      const [row]: { n: number | null }[] = await this.ds.query(`SELECT sum(unique_n)::float8 AS n FROM ${ps.from} ${where(ps.where)}`, p.values);
      return row?.n ?? 0;
    };
    const nation = await count({ ...f, region: { kind: 'us', code: 'us' } });
    if (!nation) return null;
    return (await count(f)) / nation;
  }

  /** Openings rate (annual openings / base-year employment) by SOC, latest vintage, the region's state table when loaded. */
  async projections(f: ParsedFilters): Promise<ProjectionsInRegion | null> {
    const vintage = await this.projectionsVintage();
    if (!vintage) return null;
    const v = { vintage };
    const stateOf = f.region.kind === 'state' ? f.region.code : f.region.kind === 'county' ? f.region.code.slice(0, 2) : null;
    // Copies: a state table borrows the national education column below.
    const read = async (area: string) => new Map([...(await this.projectionsOf(vintage, area))].map(([soc, x]) => [soc, { ...x }]));
    if (stateOf) {
      const own = await read(stateOf);
      if (own.size > 0) {
        // A state table rarely has the education column: take it from the national table.
        const us = await read('US');
        for (const [soc, x] of own) if (!x.education) x.education = us.get(soc)?.education ?? null;
        return { vintage: v.vintage, area: stateOf, bySoc: own };
      }
    }
    const us = await read('US');
    return us.size ? { vintage: v.vintage, area: 'US', bySoc: us } : null;
  }

  private zones?: { version: string; bySoc: Map<string, number> };

  /** O*NET job zone by SOC (the zone of the SOC's first O*NET occupation, ".00" first). */
  async jobZones(): Promise<Map<string, number>> {
    const [{ v }]: { v: string }[] = await this.ds.query(`SELECT COALESCE(max(loaded_at)::text, '') AS v FROM taxonomy_version`);
    if (this.zones?.version === v) return this.zones.bySoc;
    const rows: { soc: string; zone: number }[] = await this.ds.query(
      `SELECT DISTINCT ON (soc_code) soc_code AS soc, job_zone AS zone FROM onet_occupation WHERE job_zone IS NOT NULL ORDER BY soc_code, code`,
    );
    this.zones = { version: v, bySoc: new Map(rows.map((r) => [r.soc, Number(r.zone)])) };
    return this.zones.bySoc;
  }

  /**
   * An area's precomputed public-data rows (nation 'US' or a state FIPS) when they were built from
   * `version`, in one round trip; null when missing or stale. `only`: just the programs, occupations
   * and completion cells one program card needs (a CIP prefix, its programs and their SOCs).
   */
  async precomputedArea(area: string, version: string, only?: { cipPrefix: string; cips: string[]; socs: string[] }): Promise<PrecomputedArea | null> {
    const p = new SqlParams();
    const a = p.add(area);
    const v = p.add(version);
    const socWhere = only ? ` AND s.soc_code = ANY(${p.add(only.socs)}::text[])` : '';
    const cipWhere = only ? ` AND g.cip_code = ANY(${p.add(only.cips)}::text[])` : '';
    // A card needs its programs' completions by year and award level only: summed here, over an
    // index range of the CIP prefix in each loaded year (the LIKE alone scanned the area's every row).
    const cells = only
      ? `(SELECT json_agg(json_build_array(${p.add(only.cipPrefix)}::text, c.award_level, c.year, c.n)) FROM (
           SELECT c.award_level, c.year, sum(c.n)::int AS n FROM ${PUBLIC_DATA_ROLLUPS.ipedsCompletion.table} c
           WHERE c.area = x.area AND c.year = ANY (x.years) AND ${cipRange('c.cip_code', only.cipPrefix, p)}
           GROUP BY 1, 2) c)`
      : `(SELECT json_agg(json_build_array(c.cip_code, c.award_level, c.year, c.n)) FROM ${PUBLIC_DATA_ROLLUPS.ipedsCompletion.table} c WHERE c.area = x.area)`;
    const [r]: (Omit<PrecomputedArea, 'socs' | 'programs' | 'cells' | 'hasOpenings'> & { has_openings: boolean; socs: PrecomputedArea['socs'] | null; programs: PrecomputedArea['programs'] | null; cells: PrecomputedArea['cells'] | null })[] = await this.ds.query(
      `SELECT x.years, x.oews, x.projections, x.has_openings, x.basis,
         (SELECT json_agg(json_build_array(s.soc_code, s.in_oews, s.employment, s.wage, s.rate, s.education, s.tier, s.tier_source, s.openings)) FROM ${SOC_TABLE} s WHERE s.area = x.area${socWhere}) AS socs,
         (SELECT json_agg(json_build_array(g.cip_code, g.tier, g.openings)) FROM ${PROGRAM_TABLE} g WHERE g.area = x.area${cipWhere}) AS programs,
         ${cells} AS cells
       FROM ${AREA_TABLE} x WHERE x.area = ${a} AND x.version = ${v}`,
      p.values,
    );
    if (!r) return null;
    return { years: r.years.map(Number), oews: r.oews, projections: r.projections, hasOpenings: r.has_openings, basis: r.basis, socs: r.socs ?? [], programs: r.programs ?? [], cells: r.cells ?? [] };
  }

  /**
   * "Programs with the largest gaps" of an area (nation 'US' or a state FIPS) at disclosure threshold
   * `k`, when its rows were built from `version`, in one round trip; null when missing or stale. The
   * limit-th program among the candidates on public data sets the cut: every program with at least
   * its gap is read (the ties and the programs postings make candidates included), so the caller's
   * sort of these rows gives the same first `limit` as a sort of all of them.
   */
  async precomputedRank(area: string, version: string, k: number, limit: number): Promise<PrecomputedRank | null> {
    const [r]: { basis: PublicDataBasis; suppressed: number; not_candidates: string[]; live_only: string[]; rows: [string, PublicSupplyDemand][] | null }[] = await this.ds.query(
      `WITH a AS (
         SELECT x.basis, r.suppressed, r.not_candidates, r.live_only
         FROM ${AREA_TABLE} x JOIN ${RANK_AREA_TABLE} r ON r.area = x.area AND r.k = $2 AND r.version = x.version
         WHERE x.area = $1 AND x.version = $3),
       t AS (
         SELECT g.gap FROM ${RANK_TABLE} g, a
         WHERE g.area = $1 AND g.k = $2 AND g.cip_code <> ALL (a.not_candidates)
         ORDER BY g.gap DESC NULLS LAST, g.cip_code LIMIT $4),
       cut AS (SELECT CASE WHEN count(*) < $4 OR count(*) > count(gap) THEN NULL ELSE min(gap) END AS g FROM t)
       SELECT a.*, (SELECT json_agg(json_build_array(g.cip_code, g.block)) FROM ${RANK_TABLE} g, cut
                    WHERE g.area = $1 AND g.k = $2 AND (cut.g IS NULL OR g.gap >= cut.g)) AS rows
       FROM a`,
      [area, k, version, limit],
    );
    if (!r) return null;
    return { basis: r.basis, suppressed: r.suppressed, notCandidates: r.not_candidates, liveOnly: r.live_only, rows: r.rows ?? [] };
  }

  /** The states (FIPS) program demand precomputes besides the nation. */
  async stateCodes(): Promise<string[]> {
    return ((await this.ds.query('SELECT fips FROM state ORDER BY fips')) as { fips: string }[]).map((s) => s.fips);
  }

  /**
   * Replaces every precomputed area with `areas`, built from `version`, in one transaction; written
   * only when `version` is still the current one (read again under the public-data lock),
   * so a build overtaken by another load never stores stale rows. Returns whether it wrote.
   */
  async replacePrecomputed(version: string, areas: PrecomputedAreaRows[], rank?: { k: number; areas: RankAreaRows[] }): Promise<boolean> {
    const mode = await detectBulkMode(this.ds);
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('credpulse:public-data'))`);
      const [{ v }]: { v: string }[] = await m.query(`SELECT ${PUBLIC_DEMAND_VERSION_SQL} AS v`);
      if (v !== version) return false;
      await m.query(`DELETE FROM ${PROGRAM_TABLE}`);
      await m.query(`DELETE FROM ${SOC_TABLE}`);
      await m.query(`DELETE FROM ${AREA_TABLE}`);
      for (const x of areas) {
        await m.query(`INSERT INTO ${AREA_TABLE} (area, version, years, oews, projections, has_openings, basis) VALUES ($1, $2, $3::smallint[], $4::jsonb, $5::jsonb, $6, $7::jsonb)`, [
          x.area, version, x.years, x.oews === null ? null : JSON.stringify(x.oews), x.projections === null ? null : JSON.stringify(x.projections), x.hasOpenings, JSON.stringify(x.basis),
        ]);
      }
      // COPY on PostgreSQL (unnest on PGlite): ~40k occupation and ~80k program rows for the nation
      // and 52 states; as INSERT ... unnest they were 6 of an 11 s precompute at load average 26.
      const writer = new BulkWriter((await m.queryRunner!.connect()) as PoolClient, mode);
      await writer.write(SOC_TABLE, SOC_COLUMNS, areas.flatMap((x) => x.socs.map((r): Cell[] => [x.area, ...r])));
      await writer.write(PROGRAM_TABLE, PROGRAM_COLUMNS, areas.flatMap((x) => x.programs.map((r): Cell[] => [x.area, ...r])));
      // The ranking at this k replaces the one at this k; another k's is kept while its version is current.
      if (rank) {
        await m.query(`DELETE FROM ${RANK_AREA_TABLE} WHERE k = $1 OR version <> $2`, [rank.k, version]);
        await m.query(`DELETE FROM ${RANK_TABLE} g WHERE NOT EXISTS (SELECT 1 FROM ${RANK_AREA_TABLE} r WHERE r.area = g.area AND r.k = g.k)`);
        for (const x of rank.areas) {
          await m.query(`INSERT INTO ${RANK_AREA_TABLE} (area, k, version, suppressed, not_candidates, live_only) VALUES ($1, $2, $3, $4, $5::text[], $6::text[])`, [x.area, rank.k, version, x.suppressed, x.notCandidates, x.liveOnly]);
        }
        await writer.write(RANK_TABLE, RANK_COLUMNS, rank.areas.flatMap((x) => x.rows.map(([cip, gap, block]): Cell[] => [x.area, rank.k, cip, gap, JSON.stringify(block)])));
      } else {
        await m.query(`DELETE FROM ${RANK_AREA_TABLE} WHERE version <> $1`, [version]);
        await m.query(`DELETE FROM ${RANK_TABLE} g WHERE NOT EXISTS (SELECT 1 FROM ${RANK_AREA_TABLE} r WHERE r.area = g.area AND r.k = g.k)`);
      }
      return true;
    });
  }

  /**
   * Micro-credentials whose target SOCs meet `socs`: posting mentions and awards in the region and
   * period, in one statement (the credentials, then both counts over them; three round trips before).
   */
  async credentials(f: ParsedFilters, socs: string[]): Promise<{ id: number; name: string; mentions: number; awards: number }[]> {
    if (socs.length === 0) return [];
    const p = new SqlParams();
    const g = { ...f, cip: undefined, soc: undefined };
    const cred = `SELECT DISTINCT c.id, c.name FROM credential c JOIN credential_soc cs ON cs.credential_id = c.id WHERE cs.soc_code = ANY(${p.add(socs)}::text[]) AND c.is_micro`;
    const perCredential = (name: 'credentialNaming' | 'awardCredential') => {
      const s = source(name, g, p, { skip: ['cip', 'soc', 'credential'] });
      return `SELECT credential_id AS id, sum(n)::int AS n FROM ${s.from} ${where([...s.where, 'credential_id IN (SELECT id FROM cred)'])} GROUP BY 1`;
    };
    const rows: { id: number; name: string; mentions: number | null; awards: number | null }[] = await this.ds.query(
      `WITH cred AS MATERIALIZED (${cred}), m AS (${perCredential('credentialNaming')}), a AS (${perCredential('awardCredential')})
       SELECT cred.id, cred.name, m.n AS mentions, a.n AS awards FROM cred LEFT JOIN m ON m.id = cred.id LEFT JOIN a ON a.id = cred.id`,
      p.values,
    );
    return rows.map((c) => ({ id: Number(c.id), name: c.name, mentions: c.mentions ?? 0, awards: c.awards ?? 0 }));
  }
}
