import type { DataSource } from 'typeorm';
import type { ParsedFilters, RegionFilter } from '../analytics/filters/parsed-filters.js';
import { ProgramDemandRepository } from './program-demand.repository.js';
import { PublicDemandRepository, publicDemandVersion, type PrecomputedAreaRows } from './public-demand.repository.js';
import { precomputedRows, publicContext } from './public-demand.js';

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
export async function refreshPublicDemand(ds: DataSource): Promise<PublicDemandRefresh> {
  const t0 = Date.now();
  const demand = new ProgramDemandRepository(ds);
  // Every area asks the same national questions (OEWS and projections of the nation, the loaded
  // years, the job zones): each distinct statement is read once per refresh.
  const memo = new Map<string, Promise<unknown>>();
  const query = (sql: string, params?: unknown[]) => {
    const key = `${sql}\u0000${JSON.stringify(params ?? [])}`;
    let r = memo.get(key);
    if (!r) memo.set(key, (r = ds.query(sql, params)));
    return r;
  };
  const repo = new PublicDemandRepository({ query } as Pick<DataSource, 'query'> as DataSource);
  const version = publicDemandVersion(await demand.versions());
  const [crosswalk, states] = await Promise.all([demand.crosswalk(), repo.stateCodes()]);
  const rows: PrecomputedAreaRows[] = [];
  const live: string[] = [];
  const regions: RegionFilter[] = [{ kind: 'us', code: 'us' }, ...states.map((code): RegionFilter => ({ kind: 'state', code }))];
  for (const region of regions) {
    const ctx = await publicContext(repo, areaFilters(region), crosswalk, 0, { latestCellsOnly: true });
    if (!ctx) continue;
    if (ctx.oews?.scaledBy?.method === 'postings-share') {
      live.push(region.code);
      continue;
    }
    rows.push(precomputedRows(region.kind === 'us' ? 'US' : region.code, ctx));
  }
  const written = await new PublicDemandRepository(ds).replacePrecomputed(version, rows);
  return { areas: rows.length, live, written, seconds: (Date.now() - t0) / 1000 };
}
