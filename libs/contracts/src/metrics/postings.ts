import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { PostingsQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

/** One period of the postings trend (groupBy=month) or one group (other groupBy values). */
export const PostingsRow = z
  .object({
    key: z.string().describe("Period label (YYYY-MM, YYYY-Qn, YYYY) for trends, or the group's code ('--' = unknown)."),
    unique: z.number().int().describe('Deduplicated postings first seen in the period / group.'),
    total: z.number().int().describe('Unique plus duplicates.'),
    intensity: z.number().nullable().describe('total / unique (null when unique is 0).'),
    new: z.number().int().optional().describe('Trend rows only: unique postings first seen in the period.'),
    active: z.number().int().optional().describe('Trend rows only: unique postings active at any time in the period.'),
    partial: z.boolean().optional().describe('Trend rows only: true when the data covers the period only in part (a quarter with 1-2 months, the month in progress).'),
    months: z.number().int().optional().describe('Trend rows only: complete months of data in the period.'),
    monthsInPeriod: z.number().int().optional().describe('Trend rows only: months in the period.'),
  })
  .meta({ id: 'PostingsRow' });
export type PostingsRow = z.infer<typeof PostingsRow>;

export const PostingsTotals = z
  .object({
    unique: z.number().int(),
    total: z.number().int(),
    intensity: z.number().nullable(),
    activeLastMonth: z.number().int().describe('Unique postings active in the last month of the range.'),
    medianDurationDays: z.number().nullable(),
    p75DurationDays: z.number().nullable(),
    medianAnnualWage: z.number().nullable().describe('Median annualised advertised salary (midpoint of its $1,000 bin).'),
    postingsWithWage: z.number().int().describe('Unique postings that state a salary.'),
  })
  .meta({ id: 'PostingsTotals' });
export type PostingsTotals = z.infer<typeof PostingsTotals>;

export const PostingsResponse = metricResponse('PostingsResponse', 'GET /api/metrics/postings', PostingsQuery, PostingsRow, PostingsTotals);
export type PostingsResponse = z.infer<typeof PostingsResponse>;

/** groupBy=period: one row per month, quarter or year of the range. */
export const PostingsPeriodRow = periodRow('PostingsPeriodRow', 'Postings in one period (groupBy=period).', {
  unique: z.number().int().describe('Deduplicated postings first seen in the period.'),
  total: z.number().int().describe('Unique plus duplicates.'),
  intensity: z.number().nullable().describe('total / unique (null when unique is 0).'),
  new: z.number().int().describe('Unique postings first seen in the period.'),
  active: z.number().int().describe('Unique postings active at any time in the period.'),
});
export type PostingsPeriodRow = z.infer<typeof PostingsPeriodRow>;
export const PostingsSeriesQuery = periodQuery('PostingsSeriesQuery', PostingsQuery);
export const PostingsSeriesResponse = metricResponse('PostingsSeriesResponse', 'GET /api/metrics/postings?groupBy=period', PostingsSeriesQuery, PostingsPeriodRow, PostingsTotals);
export type PostingsSeriesResponse = z.infer<typeof PostingsSeriesResponse>;
