import type { ParsedFilters } from '../filters/parsed-filters.js';
import { supports, whereFilters, type ColumnMap, type SqlParams } from '../filters/sql-builder.js';

/** Column map of the rollup tables (month, state_fips with national rows under 'US', naics2). */
export const ROLLUP_MAP: ColumnMap = { date: 'month', state: 'state_fips', naics2: 'naics2' };

/**
 * WHERE conditions on a rollup table: the filters, plus the choice between national rows ('US')
 * and state rows. `byState`: the caller groups by state, so it reads state rows even for the nation.
 */
export function rollupWhere(f: ParsedFilters, map: ColumnMap, p: SqlParams, opts: { byState?: boolean; skip?: Parameters<typeof whereFilters>[3] } = {}): string[] {
  const conds = whereFilters(f, map, p, opts.skip);
  if (f.region.kind === 'us') conds.push(opts.byState ? `state_fips <> 'US'` : `state_fips = 'US'`);
  return conds;
}

/** Rollups hold states and the nation only; counties, CBSAs and custom regions use raw rows. */
export function rollupCan(f: ParsedFilters, map: ColumnMap, skip: Parameters<typeof supports>[2] = []): boolean {
  if (f.region.kind !== 'us' && f.region.kind !== 'state') return false;
  return supports(f, { ...map, county: undefined }, skip);
}

/** Percentile (discrete, like percentile_disc) from a histogram sorted by value. */
export function histPercentile(hist: readonly { value: number; n: number }[], p: number): number | null {
  const total = hist.reduce((s, h) => s + h.n, 0);
  if (total === 0) return null;
  let cum = 0;
  for (const h of hist) {
    cum += h.n;
    if (cum / total >= p) return h.value;
  }
  return hist[hist.length - 1].value;
}
