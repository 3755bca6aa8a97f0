import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { ConcentrationQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

export const ShiftShare = z
  .object({ base: z.number(), change: z.number(), national: z.number(), industryMix: z.number(), competitive: z.number() })
  .meta({ id: 'ShiftShare', description: 'Shift-share between the base period (baseFrom..baseTo) and from..to: change = national + industryMix + competitive.' });

/** One region or item: its count, share and location quotient against the nation; shift-share when a base period is given. */
export const ConcentrationRow = z
  .object({
    key: z.string(),
    label: z.string(),
    count: z.number().int().describe('e_ir: postings of the item in the region.'),
    localShare: z.number().nullable().describe('e_ir / e_r'),
    nationalShare: z.number().nullable().describe('e_iN / e_N'),
    lq: z.number().nullable().describe('Location quotient: localShare / nationalShare.'),
    concentrated: z.boolean(),
    shiftShare: ShiftShare.nullable().optional(),
  })
  .meta({ id: 'ConcentrationRow' });
export type ConcentrationRow = z.infer<typeof ConcentrationRow>;

export const ConcentrationTotals = z.object({ regionTotal: z.number().int(), nationTotal: z.number().int() }).meta({ id: 'ConcentrationTotals' });
export type ConcentrationTotals = z.infer<typeof ConcentrationTotals>;

export const ConcentrationResponse = metricResponse('ConcentrationResponse', 'GET /api/metrics/concentration', ConcentrationQuery, ConcentrationRow, ConcentrationTotals);
export type ConcentrationResponse = z.infer<typeof ConcentrationResponse>;

/** groupBy=period: the filtered item (naics / soc, or all postings) in the region against the nation, per period. */
export const ConcentrationPeriodRow = periodRow('ConcentrationPeriodRow', 'Location quotient of the filtered item in one period (groupBy=period).', {
  count: z.number().int().describe('e_ir: postings of the item (naics/soc filter; all postings without one) in the region.'),
  regionTotal: z.number().int().describe('e_r: all postings in the region.'),
  nationCount: z.number().int().describe('e_iN: postings of the item in the nation.'),
  nationTotal: z.number().int().describe('e_N: all postings in the nation.'),
  localShare: z.number().nullable(),
  nationalShare: z.number().nullable(),
  lq: z.number().nullable(),
  concentrated: z.boolean(),
});
export type ConcentrationPeriodRow = z.infer<typeof ConcentrationPeriodRow>;
export const ConcentrationSeriesQuery = periodQuery('ConcentrationSeriesQuery', ConcentrationQuery);
export const ConcentrationSeriesResponse = metricResponse('ConcentrationSeriesResponse', 'GET /api/metrics/concentration?groupBy=period', ConcentrationSeriesQuery, ConcentrationPeriodRow, ConcentrationTotals);
export type ConcentrationSeriesResponse = z.infer<typeof ConcentrationSeriesResponse>;
