import { GRANULARITIES, PERIOD_GROUP_BY, periodKeyOf, periodsOf, type Granularity } from '@credpulse/contracts';
import { DisclosureTable } from '@credpulse/metrics';
import type { FilterSpec, ParsedFilters } from '../filters/parsed-filters.js';
import { periodCoverage, type DataRange } from './period-coverage.js';

// The one place that knows what `groupBy=period&granularity=...` means: which endpoints take it
// (every metric endpoint, through `withPeriods`), the SQL that turns a date column into a period
// key, the periods of a range with their coverage, and disclosure control over a series of period
// cells that add up to the range total.

/** True when the caller asked for one row per period (`groupBy=period`). */
export const isPeriodSeries = (f: ParsedFilters): boolean => f.groupBy === PERIOD_GROUP_BY;

/** The endpoint's FilterSpec, also accepting `groupBy=period` and `granularity` (every metric endpoint). */
export function withPeriods(spec: FilterSpec): FilterSpec {
  const accept = [...spec.accept];
  for (const name of ['groupBy', 'granularity'] as const) if (!accept.includes(name)) accept.push(name);
  const groupBy = [...(spec.groupBy ?? [])];
  if (!groupBy.includes(PERIOD_GROUP_BY)) groupBy.push(PERIOD_GROUP_BY);
  return { ...spec, accept, groupBy };
}

const PERIOD_SQL: Record<Granularity, (col: string) => string> = {
  month: (col) => `to_char(${col}, 'YYYY-MM')`,
  quarter: (col) => `to_char(${col}, 'YYYY-"Q"Q')`,
  year: (col) => `to_char(${col}, 'YYYY')`,
};

/**
 * The period key ("2026-03", "2026-Q1", "2026") of a date column, as fixed SQL: GROUP BY it to get
 * one row per period. `col` is a column expression written by us, never by the caller.
 */
export function periodKeySql(granularity: Granularity, col: string): string {
  if (!(GRANULARITIES as readonly string[]).includes(granularity)) throw new Error(`periodKeySql: unknown granularity "${granularity}"`);
  return PERIOD_SQL[granularity](col);
}

/**
 * Aggregate per period: one query answers a whole series. SELECT `key` (the period key of the rows'
 * month column `month`) and GROUP BY `groupBy(cols)`: grouping sets of the period with `cols` and of
 * `cols` alone, so each period's rows and the whole range's (key NULL) come from one scan. Figures
 * that do not add up over periods (percentiles, medians, distinct people) get the range's own rows
 * this way, not a sum of the periods'. `month` and `cols` are column expressions written by us.
 */
export function perPeriod(f: Pick<ParsedFilters, 'granularity'>, month: string): { key: string; groupBy: (cols: readonly string[]) => string } {
  const key = periodKeySql(f.granularity, month);
  return { key, groupBy: (cols) => `GROUPING SETS ((${[key, ...cols].join(', ')}), (${cols.join(', ')}))` };
}

/** A per-period answer (`key`: a period key, or null for the whole range) split: each period's rows, in the order of `periods`, and the range's. */
export function splitByPeriod<T extends { key: string | null }>(rows: readonly T[], periods: readonly Pick<SeriesPeriod, 'key'>[]): { whole: T[]; each: T[][] } {
  const by = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = by.get(r.key);
    if (list) list.push(r);
    else by.set(r.key, [r]);
  }
  return { whole: by.get(null) ?? [], each: periods.map((p) => by.get(p.key) ?? []) };
}

/** One period of the answer: key, months inside the range, and how much of it the data covers. */
export interface SeriesPeriod {
  key: string;
  from: string;
  to: string;
  months: number;
  monthsInPeriod: number;
  partial: boolean;
}

/** The periods of the filter range at its granularity, oldest first, each with its coverage. */
export function seriesPeriods(f: Pick<ParsedFilters, 'from' | 'to' | 'granularity'>, data: DataRange): SeriesPeriod[] {
  return periodsOf(f.from, f.to, f.granularity).map((p) => ({ key: p.key, from: p.from, to: p.to, ...periodCoverage(p.first, p.last, f, data) }));
}

/**
 * Disclosure control over a series of people counts: one cell per period and the range total they
 * add up to, so a small period is hidden and, with the total shown, one more with it. At month
 * granularity the quarters and years of the same range, at quarter granularity its years, are
 * registered as shown sums too: the same question at a coarser granularity publishes them, so a
 * hidden month must not be recoverable from its quarter. Counts of periods absent from `counts` are
 * 0. `prefix` keeps the cell ids apart when an answer protects several series in one table;
 * `suppressed()` counts the hidden cells of this series (its periods and total) once applied.
 */
export function protectSeries(
  t: DisclosureTable,
  prefix: string,
  f: Pick<ParsedFilters, 'granularity'>,
  periods: readonly SeriesPeriod[],
  counts: ReadonlyMap<string, number>,
): { cell: (key: string) => string; total: string; suppressed: () => number } {
  const id = (key: string) => `${prefix}:${key}`;
  let sum = 0;
  for (const p of periods) {
    const n = counts.get(p.key) ?? 0;
    sum += n;
    t.cell(id(p.key), n);
  }
  const total = t.cell(`${prefix}:__total`, sum);
  if (periods.length) t.sum(total, periods.map((p) => id(p.key)));
  const coarser: Granularity[] = f.granularity === 'month' ? ['quarter', 'year'] : f.granularity === 'quarter' ? ['year'] : [];
  for (const g of coarser) {
    const parts = new Map<string, string[]>();
    for (const p of periods) {
      const key = periodKeyOf(p.from, g);
      parts.set(key, [...(parts.get(key) ?? []), p.key]);
    }
    // one part: the coarser period is the same cell; all parts: it is the range total
    for (const [key, keys] of parts) {
      if (keys.length < 2 || keys.length === periods.length) continue;
      const c = t.cell(`${prefix}:${g}:${key}`, keys.reduce((s, k) => s + (counts.get(k) ?? 0), 0));
      t.sum(c, keys.map(id));
    }
  }
  const own = [...periods.map((p) => id(p.key)), total];
  return { cell: id, total, suppressed: () => own.filter((c) => t.get(c).suppressed).length };
}

/** Rows keyed by period from a query's `{ key, ... }` answer. */
export function byPeriod<T extends { key: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [String(r.key), r]));
}
