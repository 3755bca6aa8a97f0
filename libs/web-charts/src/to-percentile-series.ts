import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';

export interface PercentilePoint {
  id: string;
  label: string;
  p25: number | null;
  median: number | null;
  p75: number | null;
  /** Floating bar parts for Recharts: an invisible base up to p25, then p25..median and median..p75. */
  base: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
}

export interface PercentileSeries {
  data: PercentilePoint[];
  table: ChartTable;
}

/**
 * p25 / median / p75 per category as floating bars. A row whose percentiles were withheld by
 * disclosure control keeps null parts (no bar) and is flagged, never drawn at 0. Sorted by median, largest first.
 */
export function toPercentileSeries<R>(
  rows: readonly R[],
  o: {
    id: (r: R) => string;
    label: (r: R) => string;
    p25: (r: R) => CellInput;
    median: (r: R) => CellInput;
    p75: (r: R) => CellInput;
    categoryLabel: string;
    valueLabel: string;
    extra?: { key: string; label: string; value: (r: R) => CellInput | string }[];
    limit?: number;
  },
): PercentileSeries {
  const items = rows.map((r) => {
    const p25 = normalizeCell(o.p25(r));
    const median = normalizeCell(o.median(r));
    const p75 = normalizeCell(o.p75(r));
    return { r, p25, median, p75, label: o.label(r) };
  });
  items.sort((a, b) => {
    const am = a.median.value;
    const bm = b.median.value;
    if (am === null && bm === null) return a.label.localeCompare(b.label);
    if (am === null) return 1;
    if (bm === null) return -1;
    return bm - am || a.label.localeCompare(b.label);
  });
  const shown = items.slice(0, o.limit ?? items.length);
  const extra = o.extra ?? [];
  return {
    data: shown.map(({ r, p25, median, p75, label }) => {
      const complete = p25.value !== null && median.value !== null && p75.value !== null;
      return {
        id: o.id(r),
        label,
        p25: p25.value,
        median: median.value,
        p75: p75.value,
        base: complete ? p25.value : null,
        lower: complete ? median.value! - p25.value! : null,
        upper: complete ? p75.value! - median.value! : null,
        suppressed: p25.suppressed || median.suppressed || p75.suppressed,
      };
    }),
    table: {
      columns: [
        { key: 'label', label: o.categoryLabel },
        { key: 'p25', label: `${o.valueLabel}, 25th percentile` },
        { key: 'median', label: `${o.valueLabel}, median` },
        { key: 'p75', label: `${o.valueLabel}, 75th percentile` },
        ...extra.map((e) => ({ key: e.key, label: e.label })),
      ],
      rows: shown.map(({ r, p25, median, p75, label }) => [
        label,
        tableCell(p25),
        tableCell(median),
        tableCell(p75),
        ...extra.map((e) => {
          const v = e.value(r);
          return typeof v === 'string' ? v : tableCell(normalizeCell(v));
        }),
      ]),
    },
  };
}
