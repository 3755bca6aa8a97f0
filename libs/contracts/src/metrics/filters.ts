import type { Granularity } from '../filters.js';

/** Region kinds accepted by the `region` filter (`us`, `state:06`, `county:06037`, `cbsa:31080`, `custom:<id>`). */
export const REGION_KINDS = ['us', 'state', 'county', 'cbsa', 'custom'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** The query parameters every metric endpoint understands (others are endpoint-specific). */
export const COMMON_FILTER_PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit'] as const;
export type CommonFilterParam = (typeof COMMON_FILTER_PARAMS)[number];

/** Highest `limit` any metric endpoint accepts; the default is 100. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

/** The filters as the server understood them, echoed back in `query` of every answer. */
export interface NormalisedFilters {
  /** First month, YYYY-MM. Defaults to 11 months before `to`. */
  from: string;
  /** Last month, YYYY-MM. Defaults to the latest month with data. */
  to: string;
  region: string;
  naics?: string;
  soc?: string;
  cip?: string;
  skill?: string;
  /** Credential id (numeric) as stored. */
  credential?: string;
  /** Provider id (numeric) as stored. */
  provider?: string;
  groupBy?: string;
  granularity: Granularity;
  limit: number;
  [extra: string]: string | number | undefined;
}

/** Dimensions each endpoint can group by (`groupBy`); anything else is a 400. */
export const GROUP_BY = {
  postings: ['month', 'state', 'county', 'naics2', 'naics3', 'naics4', 'soc', 'socMajor', 'degree'],
  recognition: ['credential', 'naics2', 'naics3', 'naics4'],
  skillGap: ['skill', 'month', 'naics2'],
  programDemand: ['cip', 'soc', 'award-level'],
  concentration: ['naics2', 'naics3', 'naics4', 'soc', 'state'],
} as const;
