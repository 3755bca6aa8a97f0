import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';
import { BUCKET_COLORS } from './palette.js';

export const BUCKET_LABELS: Record<string, string> = {
  very_undersupplied: 'Very undersupplied (< 0.5)',
  undersupplied: 'Undersupplied (0.5–0.8)',
  balanced: 'Balanced (0.8–1.25)',
  oversupplied: 'Oversupplied (1.25–2)',
  very_oversupplied: 'Very oversupplied (> 2)',
};

export interface GapPoint {
  id: string;
  label: string;
  demand: number | null;
  supply: number | null;
  /** supply - demand: negative means undersupplied. null when either side is missing or suppressed. */
  gap: number | null;
  ratio: number | null;
  bucket: string | null;
  color: string;
  supplySuppressed: boolean;
}

export interface GapSeries {
  data: GapPoint[];
  table: ChartTable;
  buckets: { key: string; label: string; color: string }[];
}

/**
 * Supply against demand per item (skill, program...), as diverging bars of supply - demand coloured by
 * the supply-demand bucket. Ordered by ratio, most undersupplied first; unknown ratios last.
 */
export function toGapSeries<R>(
  rows: readonly R[],
  o: {
    id: (r: R) => string;
    label: (r: R) => string;
    demand: (r: R) => CellInput;
    supply: (r: R) => CellInput;
    ratio: (r: R) => CellInput;
    bucket: (r: R) => string | null | undefined;
    categoryLabel: string;
    limit?: number;
  },
): GapSeries {
  const items = rows.map((r) => {
    const demand = normalizeCell(o.demand(r));
    const supply = normalizeCell(o.supply(r));
    const ratio = normalizeCell(o.ratio(r));
    const bucket = o.bucket(r) ?? null;
    return { r, demand, supply, ratio: supply.suppressed ? { value: null, suppressed: true } : ratio, bucket, label: o.label(r) };
  });
  items.sort((a, b) => {
    if (a.ratio.value === null && b.ratio.value === null) return a.label.localeCompare(b.label);
    if (a.ratio.value === null) return 1;
    if (b.ratio.value === null) return -1;
    // equal ratios: the larger shortfall (demand - supply) first
    const gapA = a.demand.value !== null && a.supply.value !== null ? a.supply.value - a.demand.value : 0;
    const gapB = b.demand.value !== null && b.supply.value !== null ? b.supply.value - b.demand.value : 0;
    return a.ratio.value - b.ratio.value || gapA - gapB || a.label.localeCompare(b.label);
  });
  const shown = items.slice(0, o.limit ?? items.length);
  return {
    buckets: Object.entries(BUCKET_LABELS).map(([key, label]) => ({ key, label, color: BUCKET_COLORS[key] })),
    data: shown.map(({ r, demand, supply, ratio, bucket, label }) => ({
      id: o.id(r),
      label,
      demand: demand.value,
      supply: supply.value,
      gap: demand.value !== null && supply.value !== null ? supply.value - demand.value : null,
      ratio: ratio.value,
      bucket,
      color: bucket ? (BUCKET_COLORS[bucket] ?? '#999999') : '#999999',
      supplySuppressed: supply.suppressed,
    })),
    table: {
      columns: [
        { key: 'label', label: o.categoryLabel },
        { key: 'demand', label: 'Demand (postings)' },
        { key: 'supply', label: 'Supply (awards)' },
        { key: 'ratio', label: 'Supply / demand' },
        { key: 'bucket', label: 'Bucket' },
      ],
      rows: shown.map(({ demand, supply, ratio, bucket, label }) => [
        label,
        tableCell(demand),
        tableCell(supply),
        tableCell(ratio),
        bucket ? (BUCKET_LABELS[bucket] ?? bucket) : null,
      ]),
    },
  };
}
