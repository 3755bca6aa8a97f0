import { share } from './ratio.js';

/** Demographic dimensions of the equity view; each includes an 'unknown' group so parts add up. */
export const EQUITY_DIMENSIONS = ['age_band', 'sex', 'race_ethnicity', 'low_income', 'rural'] as const;
export type EquityDimension = (typeof EQUITY_DIMENSIONS)[number];

export interface GroupShare {
  /** Awards to the group / all awards; null when either count is suppressed or there are none. */
  awardShare: number | null;
  /** The group's share of the region's population; null when population is not loaded. */
  populationShare: number | null;
  /** awardShare / populationShare: 1 is parity, below 1 under-represented. */
  representation: number | null;
}

/** Award share against population share. Suppressed counts arrive as null and yield null shares. */
export function groupShare(awards: number | null, totalAwards: number | null, population: number | null, totalPopulation: number | null): GroupShare {
  const awardShare = awards === null || totalAwards === null ? null : share(awards, totalAwards);
  const populationShare = population === null || totalPopulation === null ? null : share(population, totalPopulation);
  const representation = awardShare === null || populationShare === null || populationShare === 0 ? null : awardShare / populationShare;
  return { awardShare, populationShare, representation };
}
