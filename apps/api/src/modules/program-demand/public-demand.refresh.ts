import type { DataSource } from 'typeorm';
import { PUBLIC_DATA_ROLLUPS } from '../analytics/catalogue/catalogue.js';
import type { ParsedFilters, RegionFilter } from '../analytics/filters/parsed-filters.js';
import { ProgramDemandRepository } from './program-demand.repository.js';
import { loadConfig } from '../../config/config.js';
import { PublicDemandRepository, publicDemandVersion, type CompletionCell, type PrecomputedAreaRows, type RankAreaRows } from './public-demand.repository.js';
import { precomputedRows, publicContext, rankRows } from './public-demand.js';

export interface PublicDemandRefresh {
  /** Areas written (the nation and the states with public data). */
  areas: number;
  /** States left to the live path: their employment is scaled by the period's postings. */
  live: string[];
  /** False when another load changed the data meanwhile (its own refresh writes). */
  written: boolean;
  seconds: number;
}

/** Filters naming only an area: the public context of the nation and of a state never depends on the period. */
export function areaFilters(region: RegionFilter): ParsedFilters {
  return { from: '2000-01', to: '2000-01', fromDate: '2000-01-01', toEnd: '2000-02-01', region, granularity: 'month', limit: 0, extra: {}, given: new Set<string>() };
}

/**
 * Precomputes program demand's public-data context of the nation and of every state
 * (rollup_public_demand_*: occupations with employment, wages, openings and award tier; openings
 * allocated to programs per tier) with the same code that answers other regions live, after each
 * public-data load and whenever an answer finds the rows stale (a taxonomy load, an upgrade). A
 * state whose employment must be scaled by its share of the period's postings (no OEWS file for it
 * and no population figure) stays live.
 */
export async function refreshPublicDemand(ds: DataSource, opts: { k?: number } = {}): Promise<PublicDemandRefresh> {
  const t0 = Date.now();
  const k = opts.k ?? configuredK();
  const demand = new ProgramDemandRepository(ds);
  const repo = await PrefetchedPublicDemand.load(ds);
  const version = publicDemandVersion(await demand.versions());
  const [crosswalk, states] = await Promise.all([demand.crosswalk(), repo.stateCodes()]);
  const programs = new Map<string, { socs: Map<string, string> }>();
  for (const c of crosswalk) {
    const p = programs.get(c.cip) ?? { socs: new Map<string, string>() };
    p.socs.set(c.soc, c.soc);
    programs.set(c.cip, p);
  }
  const rows: PrecomputedAreaRows[] = [];
  const rank: RankAreaRows[] = [];
  const live: string[] = [];
  const regions: RegionFilter[] = [{ kind: 'us', code: 'us' }, ...states.map((code): RegionFilter => ({ kind: 'state', code }))];
  for (const region of regions) {
    const ctx = await publicContext(repo, areaFilters(region), crosswalk, 0, { latestCellsOnly: true });
    if (!ctx) continue;
    if (ctx.oews?.scaledBy?.method === 'postings-share') {
      live.push(region.code);
      continue;
    }
    const area = region.kind === 'us' ? 'US' : region.code;
    rows.push(precomputedRows(area, ctx));
    // rank=gap: the public block of every program at this deployment's k, earlier years included.
    rank.push(rankRows(area, { ...ctx, k, cells: [...ctx.cells, ...repo.earlierCells(area)] }, programs));
  }
  const written = await new PublicDemandRepository(ds).replacePrecomputed(version, rows, { k, areas: rank });
  return { areas: rows.length, live, written, seconds: (Date.now() - t0) / 1000 };
}

/** The disclosure threshold of this deployment (CREDPULSE_K; the server passes its own). */
function configuredK(): number {
  try {
    return loadConfig().k;
  } catch {
    return 10;
  }
}

type OewsRows = Map<string, { employment: number | null; wage: number | null }>;
type ProjectionRows = Map<string, { rate: number; education: string | null }>;

/**
 * The reads of every area at once for the precompute: the latest OEWS national and state files,
 * the latest projections tables, the state codes and the latest year's completions of every area,
 * one query each, instead of a few queries per area (53 areas; 24 s of a 300k C_A load at load
 * average 21 before). Same SQL results, so the same contexts (the spec compares them with live).
 */
class PrefetchedPublicDemand extends PublicDemandRepository {
  private years: number[] = [];
  private oewsV: number | null = null;
  private oewsAreas = new Map<string, OewsRows>();
  private usps = new Map<string, string>();
  private projV: string | null = null;
  private projAreas = new Map<string, ProjectionRows>();
  private latestCells = new Map<string, CompletionCell[]>();
  private earlier = new Map<string, CompletionCell[]>();

  /** An area's completions of the years before the latest, by CIP (award level 0: all levels summed). */
  earlierCells(area: string): CompletionCell[] {
    return this.earlier.get(area) ?? [];
  }

  static async load(ds: DataSource): Promise<PrefetchedPublicDemand> {
    const r = new PrefetchedPublicDemand(ds);
    const live = new PublicDemandRepository(ds);
    const [years, [v], states] = await Promise.all([
      live.completionYears(),
      ds.query('SELECT (SELECT max(vintage) FROM oews_estimate) AS oews, (SELECT max(vintage) FROM ep_projection) AS proj') as Promise<{ oews: number | null; proj: string | null }[]>,
      ds.query('SELECT fips, usps FROM state') as Promise<{ fips: string; usps: string }[]>,
    ]);
    const oewsV = v.oews === null ? null : Number(v.oews);
    const projV = v.proj ?? null;
    Object.assign(r, { years, oewsV, projV });
    for (const s of states) r.usps.set(s.fips, s.usps);
    const latest = years.length ? years[years.length - 1] : null;
    const [oews, proj, cells, earlier] = await Promise.all([
      oewsV === null
        ? []
        : (ds.query(`SELECT area_type, area, soc_code AS soc, employment, annual_median AS wage FROM oews_estimate WHERE vintage = $1 AND area_type IN (1, 2)`, [oewsV]) as Promise<
            { area_type: number; area: string; soc: string; employment: number | null; wage: string | null }[]
          >),
      projV === null
        ? []
        : (ds.query(`SELECT area, soc_code AS soc, openings / employment_base AS rate, education FROM ep_projection WHERE vintage = $1 AND employment_base > 0`, [projV]) as Promise<
            { area: string; soc: string; rate: number; education: string | null }[]
          >),
      latest === null ? [] : (ds.query(`SELECT area, cip_code AS cip, award_level AS aw, n FROM ${PUBLIC_DATA_ROLLUPS.ipedsCompletion.table} WHERE year = $1`, [latest]) as Promise<{ area: string; cip: string; aw: number; n: number }[]>),
      years.length < 2
        ? []
        : (ds.query(`SELECT area, year, cip_code AS cip, sum(n)::int AS n FROM ${PUBLIC_DATA_ROLLUPS.ipedsCompletion.table} WHERE year = ANY($1::smallint[]) GROUP BY 1, 2, 3`, [years.slice(0, -1)]) as Promise<
            { area: string; year: number; cip: string; n: number }[]
          >),
    ]);
    for (const c of earlier) {
      const l = r.earlier.get(c.area) ?? [];
      l.push({ cip: c.cip, awardLevel: 0, year: Number(c.year), n: c.n });
      r.earlier.set(c.area, l);
    }
    for (const o of oews) {
      const k = `${o.area_type}:${o.area}`;
      const m = r.oewsAreas.get(k) ?? new Map();
      m.set(o.soc, { employment: o.employment, wage: o.wage === null ? null : Number(o.wage) });
      r.oewsAreas.set(k, m);
    }
    for (const x of proj) {
      const m = r.projAreas.get(x.area) ?? new Map();
      m.set(x.soc, { rate: Number(x.rate), education: x.education });
      r.projAreas.set(x.area, m);
    }
    for (const c of cells) {
      const l = r.latestCells.get(c.area) ?? [];
      l.push({ cip: c.cip, awardLevel: Number(c.aw), year: latest!, n: c.n });
      r.latestCells.set(c.area, l);
    }
    return r;
  }

  override async completionYears(): Promise<number[]> {
    return this.years;
  }
  protected override async oewsVintage(): Promise<number | null> {
    return this.oewsV;
  }
  protected override async oewsOf(vintage: number, areaType: number, area: string): Promise<OewsRows> {
    return vintage === this.oewsV && (areaType === 1 || areaType === 2) ? (this.oewsAreas.get(`${areaType}:${area}`) ?? new Map()) : super.oewsOf(vintage, areaType, area);
  }
  protected override async uspsOf(fips: string): Promise<string | null> {
    return this.usps.get(fips) ?? null;
  }
  protected override async projectionsVintage(): Promise<string | null> {
    return this.projV;
  }
  protected override async projectionsOf(vintage: string, area: string): Promise<ProjectionRows> {
    return vintage === this.projV ? (this.projAreas.get(area) ?? new Map()) : super.projectionsOf(vintage, area);
  }
  protected override async areaCells(area: string, opts: { cip?: string; year?: number }): Promise<CompletionCell[]> {
    const latest = this.years.length ? this.years[this.years.length - 1] : undefined;
    return opts.cip === undefined && opts.year !== undefined && opts.year === latest ? (this.latestCells.get(area) ?? []) : super.areaCells(area, opts);
  }
}
