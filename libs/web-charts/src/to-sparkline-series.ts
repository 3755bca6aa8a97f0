import { type CellInput, normalizeCell } from './cell.js';

export interface SparklineSeries {
  data: { x: string; value: number | null }[];
  /** The latest known value and its change against the first known value (null when not computable). */
  last: number | null;
  change: number | null;
  direction: 'up' | 'down' | 'flat' | 'unknown';
}

/** `partial`: periods the data covers only in part are left out of the line and the direction. */
export function toSparklineSeries<R>(rows: readonly R[], x: (r: R) => string, value: (r: R) => CellInput, partial?: (r: R) => boolean): SparklineSeries {
  const data = [...rows]
    .map((r) => ({ x: x(r), value: partial?.(r) ? null : normalizeCell(value(r)).value }))
    .sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
  const known = data.filter((d) => d.value !== null) as { x: string; value: number }[];
  const first = known[0]?.value ?? null;
  const last = known.at(-1)?.value ?? null;
  const change = first !== null && last !== null && known.length > 1 ? last - first : null;
  const direction = change === null ? 'unknown' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  return { data, last, change, direction };
}
