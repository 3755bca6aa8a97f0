import { z } from 'zod';
import type { NormalisedFilters } from './metrics/filters.js';
import { Month, Timestamp } from './codes.js';

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

/** Version of each code list loaded (naics, soc, cip, cip_soc, onet_..., esco_skill, ...). */
export const TaxonomyVersions = z.record(z.string(), z.string()).meta({ id: 'TaxonomyVersions', description: 'Version of each code list loaded, by key (naics, soc, cip, ...).' });
export type TaxonomyVersions = z.infer<typeof TaxonomyVersions>;

/** Months of a period (a trend point, or the whole range) that the data covers completely. */
export const Coverage = z
  .object({
    months: z.number().int().min(0).describe('Complete months of data in the period.'),
    monthsInPeriod: z.number().int().min(0).describe("Months in the period (1 for a month, 3 for a quarter, 12 for a year, or the range's length)."),
    partial: z.boolean().describe('True when the data covers the period only in part: draw it apart (dashed), never as a drop.'),
  })
  .meta({ id: 'Coverage' });
export type Coverage = z.infer<typeof Coverage>;

export const RangeCoverage = Coverage.extend({
  firstMonth: Month.nullable().describe('First month with data (YYYY-MM); null without data.'),
  lastMonth: Month.nullable().describe('Last month with data (YYYY-MM); null without data.'),
}).meta({
  id: 'RangeCoverage',
  description:
    "How many months of the filter range the loaded data covers completely (months outside the data's first..last month and the calendar month in progress are not covered): totals cover `months` of `monthsInPeriod`; `partial` when fewer.",
});

/** The fields every metric answer carries beside query, rows and totals (see `metricResponse`). */
export const METRIC_ENVELOPE_FIELDS = {
  truncated: z.boolean().describe('True when `limit` cut rows.'),
  suppressedCells: z.number().int().min(0).describe('Cells hidden by disclosure control in this answer (primary + complementary).'),
  k: z.number().int().min(1).describe('The disclosure threshold applied to this answer (the configured k, or a higher one asked for with ?k=).'),
  methodVersion: z.string().describe('Metric method and version, e.g. "recognition@1.0.0" (docs/methodology.md).'),
  taxonomyVersions: TaxonomyVersions,
  dataAsOf: Timestamp.nullable().describe('ISO timestamp of the last completed data load; null before any.'),
  demo: z.boolean().describe('True when the data are synthetic demo data.'),
  coverage: RangeCoverage,
  notes: z.array(z.string()).optional().describe('How to read the answer (definitions, caveats, the path it was answered from).'),
};

/** A metric answer schema: the endpoint's query echo, rows and totals in the shared envelope. */
export function metricResponse<Q extends z.ZodType, R extends z.ZodType, T extends z.ZodType>(id: string, description: string, query: Q, row: R, totals: T) {
  return z
    .object({
      query,
      rows: z.array(row).describe('Chart-ready rows, grouped and sorted.'),
      totals,
      ...METRIC_ENVELOPE_FIELDS,
    })
    .meta({ id, description });
}

/** A count of people after disclosure control: null with `suppressed: true` when hidden. */
export const ProtectedCount = z
  .object({
    value: z.number().nullable().describe('The count (or a per-year average of counts); null when hidden.'),
    suppressed: z.boolean().describe('True when disclosure control hid the value.'),
  })
  .meta({ id: 'ProtectedCount', description: 'A count of people after disclosure control: value null and suppressed true when hidden.' });
export type ProtectedCount = z.infer<typeof ProtectedCount>;
