import { z } from 'zod';
import { metricResponse } from '../filters.js';
import { OutcomesQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

/** A count of people after disclosure control; `reason` says why a hidden cell is hidden. */
export const PeopleCount = z
  .object({
    value: z.number().int().nullable().describe('The number of people; null when hidden.'),
    suppressed: z.boolean(),
    reason: z.enum(['primary', 'complementary']).optional().describe('Hidden cells: primary (under k) or complementary (hidden so that a primary cannot be recovered by subtraction).'),
  })
  .meta({ id: 'PeopleCount', description: 'A count of people after disclosure control: value null and suppressed true when hidden.' });
export type PeopleCount = z.infer<typeof PeopleCount>;

/** Dimensions /api/metrics/outcomes can group by. `industry`: NAICS sector the credential is aligned to. */
export const OUTCOMES_GROUP_BY = ['credential', 'provider', 'industry'] as const;
export type OutcomesGroupBy = (typeof OUTCOMES_GROUP_BY)[number];
/** Quarters after the award quarter that outcomes are reported at. */
export const OUTCOME_QUARTERS_AFTER = [1, 2, 4] as const;

export const OutcomeQuarter = z
  .object({
    quarter: z.union([z.literal(1), z.literal(2), z.literal(4)]).describe('Quarters after the award quarter (1, 2 or 4).'),
    withData: PeopleCount.describe('Earners with a wage record in that quarter (the denominator of the rate).'),
    employed: PeopleCount,
    employmentRate: z.number().nullable().describe('employed / withData; null unless both counts are shown and withData >= k.'),
    wageP25: z.number().nullable().describe('Quarterly wage percentiles of employed earners (nominal dollars); null under k earners.'),
    wageMedian: z.number().nullable(),
    wageP75: z.number().nullable(),
    medianWageChange: z.number().nullable().describe('Median of wage(quarter) minus the mean wage of the 2 quarters before the award; null under k.'),
  })
  .meta({ id: 'OutcomeQuarter' });
export type OutcomeQuarter = z.infer<typeof OutcomeQuarter>;

export const OutcomesRow = z
  .object({
    key: z.string().describe("Credential id, provider id or NAICS sector ('--' = none)."),
    label: z.string(),
    earners: PeopleCount,
    quarters: z.array(OutcomeQuarter),
  })
  .meta({ id: 'OutcomesRow' });
export type OutcomesRow = z.infer<typeof OutcomesRow>;

export const OutcomesTotals = z.object({ earners: PeopleCount, quarters: z.array(OutcomeQuarter) }).meta({ id: 'OutcomesTotals' });
export type OutcomesTotals = z.infer<typeof OutcomesTotals>;

export const OutcomesResponse = metricResponse('OutcomesResponse', 'GET /api/metrics/outcomes', OutcomesQuery, OutcomesRow, OutcomesTotals);
export type OutcomesResponse = z.infer<typeof OutcomesResponse>;

/** groupBy=period: outcomes of the cohort awarded in each period (award date in the period). */
export const OutcomesPeriodRow = periodRow('OutcomesPeriodRow', 'Outcomes of the earners awarded in one period (groupBy=period).', {
  earners: PeopleCount.describe('Distinct earners with an award in the period (their first in it).'),
  quarters: z.array(OutcomeQuarter),
});
export type OutcomesPeriodRow = z.infer<typeof OutcomesPeriodRow>;
export const OutcomesSeriesQuery = periodQuery('OutcomesSeriesQuery', OutcomesQuery);
export const OutcomesSeriesResponse = metricResponse('OutcomesSeriesResponse', 'GET /api/metrics/outcomes?groupBy=period', OutcomesSeriesQuery, OutcomesPeriodRow, OutcomesTotals);
export type OutcomesSeriesResponse = z.infer<typeof OutcomesSeriesResponse>;
