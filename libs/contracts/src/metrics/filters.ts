import { z } from 'zod';
import { GRANULARITIES, type Granularity } from '../filters.js';
import { CipCode, K_PATTERN, Month, NaicsCode, RegionCode, SocCode } from '../codes.js';

/** Region kinds accepted by the `region` filter (`us`, `state:06`, `county:06037`, `cbsa:31080`, `custom:<id>`). */
export const REGION_KINDS = ['us', 'state', 'county', 'cbsa', 'custom'] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** The query parameters metric endpoints understand (each endpoint takes a subset; others are a 400). */
export const COMMON_FILTER_PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit'] as const;
export type CommonFilterParam = (typeof COMMON_FILTER_PARAMS)[number];

/** Highest `limit` any metric endpoint accepts; the default is 100. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

/** The filters as the server understood them, echoed back in `query` of every answer (any endpoint). */
export interface NormalisedFilters {
  from: string;
  to: string;
  region: string;
  naics?: string;
  soc?: string;
  cip?: string;
  skill?: string;
  credential?: string;
  provider?: string;
  groupBy?: string;
  granularity?: Granularity;
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

// Echo fields: the normalised value of each filter as the server used it.
const echo = {
  from: Month.describe('First month, YYYY-MM (inclusive).'),
  to: Month.describe('Last month, YYYY-MM (inclusive).'),
  region: RegionCode.describe('The region as normalised: us, state:06, county:06037, cbsa:31080 or custom:<id>.'),
  limit: z.number().int().min(1).max(MAX_LIMIT).describe('Most rows returned.'),
  naics: NaicsCode.optional(),
  soc: SocCode.optional(),
  cip: CipCode.optional(),
  skill: z.string().optional().describe('Skill id (a name given as the filter is echoed as its id).'),
  credential: z.string().regex(/^\d{1,9}$/).optional().describe('Credential id (a source key given as the filter is echoed as its id).'),
  provider: z.string().regex(/^\d{1,9}$/).optional().describe('Provider id (a source key given as the filter is echoed as its id).'),
  k: z.string().regex(K_PATTERN).optional().describe('The ?k= asked for, when given (the k applied is the top-level `k`).'),
  baseFrom: Month.optional(),
  baseTo: Month.optional(),
};
/** `?proof=` on endpoints that count awards: all (default) or only awards whose proof was verified offline. */
export const PROOF_FILTERS = ['all', 'verified'] as const;
const proof = z.enum(PROOF_FILTERS).describe('Which awards count: all, or only those whose proof was verified offline.');
const groupBy = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).describe('Dimension of the rows.');

export const PostingsQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, naics: echo.naics, soc: echo.soc, groupBy: groupBy(GROUP_BY.postings), granularity: z.enum(GRANULARITIES), limit: echo.limit, socSource: z.enum(['any', 'given']).optional().describe('given: postings whose SOC the title coder assigned are left out.') })
  .meta({ id: 'PostingsQuery' });
export const RecognitionQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, naics: echo.naics, credential: echo.credential, groupBy: groupBy(GROUP_BY.recognition), limit: echo.limit })
  .meta({ id: 'RecognitionQuery' });
export const SkillGapQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, naics: echo.naics, skill: echo.skill, groupBy: groupBy(GROUP_BY.skillGap), limit: echo.limit, proof })
  .meta({ id: 'SkillGapQuery' });
export const ProgramDemandQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, cip: echo.cip, groupBy: groupBy(['cip', 'award-level'] as const), limit: echo.limit, proof, rank: z.enum(['postings', 'gap']).optional() })
  .meta({ id: 'ProgramDemandQuery' });
export const ProgramSkillsQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, naics: echo.naics, cip: CipCode, limit: echo.limit })
  .meta({ id: 'ProgramSkillsQuery' });
export const ConcentrationQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, naics: echo.naics, soc: echo.soc, groupBy: groupBy(GROUP_BY.concentration), limit: echo.limit, baseFrom: echo.baseFrom, baseTo: echo.baseTo })
  .meta({ id: 'ConcentrationQuery' });
export const OutcomesQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, cip: echo.cip, credential: echo.credential, provider: echo.provider, groupBy: groupBy(['credential', 'provider', 'industry'] as const), limit: echo.limit, k: echo.k, proof })
  .meta({ id: 'OutcomesQuery' });
export const EquityQuery = z
  .object({
    from: echo.from,
    to: echo.to,
    region: echo.region,
    cip: echo.cip,
    credential: echo.credential,
    provider: echo.provider,
    limit: echo.limit,
    k: echo.k,
    dimension: z.enum(['all', 'age_band', 'sex', 'race_ethnicity', 'low_income', 'rural']),
    proof,
  })
  .meta({ id: 'EquityQuery' });
export const PathwaysQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, cip: echo.cip, credential: echo.credential, provider: echo.provider, limit: echo.limit, k: echo.k, proof })
  .meta({ id: 'PathwaysQuery' });
export const SaturationQuery = z
  .object({ from: echo.from, to: echo.to, region: echo.region, skill: echo.skill, provider: echo.provider, limit: echo.limit, k: echo.k, view: z.enum(['skills', 'unrecognized']), proof })
  .meta({ id: 'SaturationQuery' });
