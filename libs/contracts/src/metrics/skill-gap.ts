import { z } from 'zod';
import { metricResponse, ProtectedCount } from '../filters.js';
import { SkillGapQuery } from './filters.js';
import { periodQuery, periodRow } from '../periods.js';

export const SUPPLY_DEMAND_BUCKETS = ['very_undersupplied', 'undersupplied', 'balanced', 'oversupplied', 'very_oversupplied', 'no_demand', 'no_credential_aligned'] as const;
export const SupplyDemandBucket = z.enum(SUPPLY_DEMAND_BUCKETS).meta({ id: 'SupplyDemandBucket' });
export type SupplyDemandBucketName = z.infer<typeof SupplyDemandBucket>;

/** One skill, month or industry: demand (postings) beside supply (awards, disclosure-protected). */
export const SkillGapRow = z
  .object({
    key: z.string().describe('Skill id, YYYY-MM, or NAICS 2-digit sector.'),
    label: z.string(),
    demand: z.number().int().describe('Unique postings requiring, preferring or accepting in lieu of a degree the skill.'),
    supply: ProtectedCount,
    ratio: z.number().nullable().describe('supply / demand; null when demand is 0, supply is suppressed or no credential is aligned.'),
    bucket: SupplyDemandBucket.nullable().describe("'no_credential_aligned' when `aligned` is false: not a gap, the catalogue has nothing to teach it."),
    aligned: z
      .boolean()
      .describe('False when no catalogued credential teaches the skill (by skill), or none is aligned to the filtered skill / the sector\'s credentials (by month, by sector). Such rows are not gaps: gap rankings leave them out and list them apart.'),
    partial: z.boolean().optional().describe('Month rows only: true when the data covers the month only in part (or not at all).'),
  })
  .meta({ id: 'SkillGapRow' });
export type SkillGapRow = z.infer<typeof SkillGapRow>;

export const SkillGapTotals = z
  .object({ demand: z.number().int(), supply: z.number().nullable(), ratio: z.number().nullable() })
  .meta({ id: 'SkillGapTotals' });
export type SkillGapTotals = z.infer<typeof SkillGapTotals>;

export const SkillGapResponse = metricResponse('SkillGapResponse', 'GET /api/metrics/skill-gap', SkillGapQuery, SkillGapRow, SkillGapTotals);
export type SkillGapResponse = z.infer<typeof SkillGapResponse>;

/** groupBy=period: demand and supply (people, protected per period) for the filtered skill, or all skills. */
export const SkillGapPeriodRow = periodRow('SkillGapPeriodRow', 'Supply and demand in one period (groupBy=period).', {
  demand: z.number().int().describe('Postings naming the skill (a posting once per skill it names) in the period.'),
  supply: ProtectedCount.describe('Awards in the period of credentials aligned to the skill (any aligned credential, without a skill filter); suppressed per period.'),
  ratio: z.number().nullable(),
  bucket: SupplyDemandBucket.nullable(),
  aligned: z.boolean().describe('False when no catalogued credential is aligned to the filtered skill (or to any skill).'),
});
export type SkillGapPeriodRow = z.infer<typeof SkillGapPeriodRow>;
export const SkillGapSeriesQuery = periodQuery('SkillGapSeriesQuery', SkillGapQuery);
export const SkillGapSeriesResponse = metricResponse('SkillGapSeriesResponse', 'GET /api/metrics/skill-gap?groupBy=period', SkillGapSeriesQuery, SkillGapPeriodRow, SkillGapTotals);
export type SkillGapSeriesResponse = z.infer<typeof SkillGapSeriesResponse>;
