import type { NormalisedFilters } from './metrics/filters.js';

export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The envelope of every metric answer: chart-ready rows plus what a reader needs to trust them. */
export interface MetricResponse<Row, Totals = Record<string, number | null>> {
  /** The filters as understood by the server (normalised). */
  query: NormalisedFilters;
  rows: Row[];
  totals: Totals;
  /** True when `limit` cut rows. */
  truncated: boolean;
  /** How many cells were suppressed by disclosure control (primary + complementary). */
  suppressedCells: number;
  /** The disclosure threshold applied. */
  k: number;
  methodVersion: string;
  taxonomyVersions: Record<string, string>;
  dataAsOf: string | null;
  demo: boolean;
  notes?: string[];
}

/** A count of people after disclosure control: null with `suppressed: true` when hidden. */
export interface ProtectedCount {
  value: number | null;
  suppressed: boolean;
}
