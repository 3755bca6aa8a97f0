import { z } from 'zod';
import { metricResponse, ProtectedCount } from '../filters.js';
import { SkillGapQuery } from './filters.js';

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
