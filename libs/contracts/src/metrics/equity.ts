import type { MetricResponse } from '../filters.js';
import type { PeopleCount } from './outcomes.js';

/** Demographic dimensions of /api/metrics/equity. */
export const EQUITY_DIMENSION_NAMES = ['age_band', 'sex', 'race_ethnicity', 'low_income', 'rural'] as const;
export type EquityDimensionName = (typeof EQUITY_DIMENSION_NAMES)[number];

export interface EquityRow {
  dimension: EquityDimensionName;
  /** The group's value as stored ('unknown' when not recorded; 'true'/'false' for flags). */
  group: string;
  awards: PeopleCount;
  /** awards / all awards in the answer; null when a count is hidden. */
  awardShare: number | null;
  /** awards / awards with a known value of the dimension; null when a count needed is hidden. */
  shareOfKnown: number | null;
  /** The group's share of the region's population; null when population is not loaded. */
  populationShare: number | null;
  /** shareOfKnown / populationShare (1 = parity). */
  representation: number | null;
}

export interface EquityTotals {
  awards: PeopleCount;
  [k: string]: PeopleCount | number | null;
}

export type EquityResponse = MetricResponse<EquityRow, EquityTotals>;
