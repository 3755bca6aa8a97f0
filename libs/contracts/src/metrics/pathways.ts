import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { PathwaysQuery } from './filters.js';
import { PeopleCount } from './outcomes.js';

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
