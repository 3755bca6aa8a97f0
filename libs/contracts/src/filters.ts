export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/**
 * Filters common to every metric endpoint and export, as they travel in the query string.
 * `region` is `us`, `state:06`, `county:06037`, `cbsa:31080` or `custom:<id>`.
 */
export interface MetricFilters {
  /** First month, YYYY-MM (inclusive). */
  from?: string;
  /** Last month, YYYY-MM (inclusive). */
  to?: string;
  region?: string;
  /** NAICS 2022 code, 2 to 6 digits (sectors may be written 31-33). */
  naics?: string;
  /** SOC 2018 code XX-XXXX (major, minor, broad or detailed). */
  soc?: string;
  /** CIP 2020 code XX, XX.XX or XX.XXXX. */
  cip?: string;
  skill?: string;
  credential?: string;
  provider?: string;
  groupBy?: string;
  granularity?: Granularity;
  limit?: number;
}

/** The envelope of every metric answer: chart-ready rows plus what a reader needs to trust them. */
export interface MetricResponse<Row, Totals = Record<string, number | null>> {
  /** The filters as understood by the server (normalised). */
  query: MetricFilters & Record<string, unknown>;
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
