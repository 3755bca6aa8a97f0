import type { MetricResponse, ProtectedCount } from '../filters.js';

/** A count of people after disclosure control; `reason` says why a hidden cell is hidden. */
export interface PeopleCount extends ProtectedCount {
  reason?: 'primary' | 'complementary';
}

/** Dimensions /api/metrics/outcomes can group by. `industry`: NAICS sector the credential is aligned to. */
export const OUTCOMES_GROUP_BY = ['credential', 'provider', 'industry'] as const;
export type OutcomesGroupBy = (typeof OUTCOMES_GROUP_BY)[number];
/** Quarters after the award quarter that outcomes are reported at. */
export const OUTCOME_QUARTERS_AFTER = [1, 2, 4] as const;

export interface OutcomeQuarter {
  /** Quarters after the award quarter (1, 2 or 4). */
  quarter: 1 | 2 | 4;
  /** Earners with a wage record in that quarter (the denominator of the rate). */
  withData: PeopleCount;
  /** Of them, employed. */
  employed: PeopleCount;
  /** employed / withData; null unless both counts are shown and withData >= k. */
  employmentRate: number | null;
  /** Quarterly wage percentiles of employed earners (nominal dollars); null under k earners. */
  wageP25: number | null;
  wageMedian: number | null;
  wageP75: number | null;
  /** Median of wage(quarter) minus the mean wage of the 2 quarters before the award; null under k. */
  medianWageChange: number | null;
}

export interface OutcomesRow {
  /** Credential id, provider id or NAICS sector ('--' = none). */
  key: string;
  label: string;
  /** Earners of the group's credentials in the period (a learner counts once per credential). */
  earners: PeopleCount;
  quarters: OutcomeQuarter[];
}

export interface OutcomesTotals {
  earners: PeopleCount;
  quarters: OutcomeQuarter[];
}

export type OutcomesResponse = MetricResponse<OutcomesRow, OutcomesTotals>;
