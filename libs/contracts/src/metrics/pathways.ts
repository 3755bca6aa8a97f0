import type { MetricResponse } from '../filters.js';
import type { PeopleCount } from './outcomes.js';

/** One stacking step: earners of `from` in the period and those who later earned `to`. */
export interface PathwayRow {
  fromCredential: { id: number; name: string };
  toCredential: { id: number; name: string };
  /** Distinct earners of `from` in the period. */
  earnersFrom: PeopleCount;
  /** Of them, those who earned `to` on or after their first `from` award. */
  laterTo: PeopleCount;
  /** laterTo / earnersFrom; null unless both are shown. */
  share: number | null;
  /** Median whole months between the two awards; null under k. */
  medianMonths: number | null;
}

export type PathwaysResponse = MetricResponse<PathwayRow, { pairs: number }>;
