import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { EquityQuery } from './filters.js';
import { PeopleCount } from './outcomes.js';
import { periodQuery, periodRow } from '../periods.js';

/** Demographic dimensions of /api/metrics/equity. */
export const EQUITY_DIMENSION_NAMES = ['age_band', 'sex', 'race_ethnicity', 'low_income', 'rural'] as const;
export type EquityDimensionName = (typeof EQUITY_DIMENSION_NAMES)[number];

export const EquityRow = z
  .object({
    dimension: z.enum(EQUITY_DIMENSION_NAMES),
    group: z.string().describe("The group's value as stored ('unknown' when not recorded; 'true'/'false' for flags)."),
    awards: PeopleCount,
    awardShare: z.number().nullable().describe('awards / all awards in the answer; null when a count is hidden.'),
    shareOfKnown: z.number().nullable().describe('awards / awards with a known value of the dimension; null when a count needed is hidden.'),
    populationShare: z.number().nullable().describe("The group's share of the region's population; null when population is not loaded."),
    representation: z.number().nullable().describe('shareOfKnown / populationShare (1 = parity).'),
  })
  .meta({ id: 'EquityRow' });
export type EquityRow = z.infer<typeof EquityRow>;

export const EquityTotals = z.object({ awards: PeopleCount }).meta({ id: 'EquityTotals' });
export type EquityTotals = z.infer<typeof EquityTotals>;

export const EquityResponse = metricResponse('EquityResponse', 'GET /api/metrics/equity', EquityQuery, EquityRow, EquityTotals);
export type EquityResponse = z.infer<typeof EquityResponse>;

/** One group's awards in a period. */
export const EquityPeriodGroup = z
  .object({ dimension: z.enum(EQUITY_DIMENSION_NAMES), group: z.string(), awards: PeopleCount, awardShare: z.number().nullable().describe("awards / the period's awards; null when a count is hidden.") })
  .meta({ id: 'EquityPeriodGroup' });
/** groupBy=period: awards by group in each period; each period's groups add up to its awards (suppressed per cell). */
export const EquityPeriodRow = periodRow('EquityPeriodRow', 'Awards by group in one period (groupBy=period).', {
  awards: PeopleCount.describe('Awards in the period.'),
  groups: z.array(EquityPeriodGroup),
});
export type EquityPeriodRow = z.infer<typeof EquityPeriodRow>;
export const EquitySeriesQuery = periodQuery('EquitySeriesQuery', EquityQuery);
export const EquitySeriesResponse = metricResponse('EquitySeriesResponse', 'GET /api/metrics/equity?groupBy=period', EquitySeriesQuery, EquityPeriodRow, EquityTotals);
export type EquitySeriesResponse = z.infer<typeof EquitySeriesResponse>;
