import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { PathwaysQuery } from './filters.js';
import { PeopleCount } from './outcomes.js';
import { periodQuery, periodRow } from '../periods.js';

export const CredentialRef = z.object({ id: z.number().int(), name: z.string() }).meta({ id: 'CredentialRef' });

/** One stacking step: earners of `from` in the period and those who later earned `to`. */
export const PathwayRow = z
  .object({
    fromCredential: CredentialRef,
    toCredential: CredentialRef,
    earnersFrom: PeopleCount.describe('Distinct earners of `from` in the period.'),
    laterTo: PeopleCount.describe('Of them, those who earned `to` on or after their first `from` award.'),
    share: z.number().nullable().describe('laterTo / earnersFrom; null unless both are shown.'),
    medianMonths: z.number().nullable().describe('Median whole months between the two awards; null under k.'),
  })
  .meta({ id: 'PathwayRow' });
export type PathwayRow = z.infer<typeof PathwayRow>;

export const PathwaysTotals = z.object({ pairs: z.number().int() }).meta({ id: 'PathwaysTotals' });
export type PathwaysTotals = z.infer<typeof PathwaysTotals>;

export const PathwaysResponse = metricResponse('PathwaysResponse', 'GET /api/metrics/pathways', PathwaysQuery, PathwayRow, PathwaysTotals);
export type PathwaysResponse = z.infer<typeof PathwaysResponse>;

/** groupBy=period: the stacking steps of the earners whose `from` award falls in each period. */
export const PathwaysPeriodRow = periodRow('PathwaysPeriodRow', 'Stacking of the earners awarded `from` in one period (groupBy=period).', {
  pairs: z.number().int().describe('Stacking pairs with earners of `from` in the period.'),
  pathways: z.array(PathwayRow).describe('The pairs, most earners first (at most `limit`).'),
});
export type PathwaysPeriodRow = z.infer<typeof PathwaysPeriodRow>;
export const PathwaysSeriesQuery = periodQuery('PathwaysSeriesQuery', PathwaysQuery);
export const PathwaysSeriesResponse = metricResponse('PathwaysSeriesResponse', 'GET /api/metrics/pathways?groupBy=period', PathwaysSeriesQuery, PathwaysPeriodRow, PathwaysTotals);
export type PathwaysSeriesResponse = z.infer<typeof PathwaysSeriesResponse>;
