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
  /**
   * How many months of the filter range the loaded data covers completely (months outside the
   * data's first..last month and the calendar month in progress are not covered): totals cover
   * `months` of `monthsInPeriod`; `partial` when fewer.
   */
  coverage: Coverage & { firstMonth: string | null; lastMonth: string | null };
  notes?: string[];
}

/** Months of a period (a trend point, or the whole range) that the data covers completely. */
export interface Coverage {
  /** Complete months of data in the period. */
  months: number;
  /** Months in the period (1 for a month, 3 for a quarter, 12 for a year, or the range's length). */
  monthsInPeriod: number;
  /** True when the data covers the period only in part: draw it apart (dashed), never as a drop. */
  partial: boolean;
}

/** A count of people after disclosure control: null with `suppressed: true` when hidden. */
export interface ProtectedCount {
  value: number | null;
  suppressed: boolean;
}
