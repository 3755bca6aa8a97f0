import type { MetricResponse } from '../filters.js';

/** One period of the postings trend (groupBy=month) or one group (other groupBy values). */
export interface PostingsRow {
  /** Period label (YYYY-MM, YYYY-Qn, YYYY) for trends, or the group's code ('--' = unknown). */
  key: string;
  /** Deduplicated postings first seen in the period / group. */
  unique: number;
  /** Unique plus duplicates. */
  total: number;
  /** total / unique (null when unique is 0). */
  intensity: number | null;
  /** Trend rows only: unique postings first seen in the period. */
  new?: number;
  /** Trend rows only: unique postings active at any time in the period. */
  active?: number;
  /** Trend rows only: true when the data covers the period only in part (a quarter with 1-2 months, the month in progress). */
  partial?: boolean;
  /** Trend rows only: complete months of data in the period. */
  months?: number;
  /** Trend rows only: months in the period. */
  monthsInPeriod?: number;
}

export interface PostingsTotals {
  unique: number;
  total: number;
  intensity: number | null;
  /** Unique postings active in the last month of the range. */
  activeLastMonth: number;
  medianDurationDays: number | null;
  p75DurationDays: number | null;
  /** Median annualised advertised salary (midpoint of its $1,000 bin). */
  medianAnnualWage: number | null;
  /** Unique postings that state a salary. */
  postingsWithWage: number;
  [k: string]: number | null;
}

export type PostingsResponse = MetricResponse<PostingsRow, PostingsTotals>;
