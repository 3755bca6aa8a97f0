import type { MetricResponse } from '../filters.js';
import type { ProtectedCount } from '../filters.js';

export type SupplyDemandBucketName = 'very_undersupplied' | 'undersupplied' | 'balanced' | 'oversupplied' | 'very_oversupplied' | 'no_demand';

/** One skill, month or industry: demand (postings) beside supply (awards, disclosure-protected). */
export interface SkillGapRow {
  /** Skill id, YYYY-MM, or NAICS 2-digit sector. */
  key: string;
  label: string;
  /** Unique postings requiring, preferring or accepting in lieu of a degree the skill. */
  demand: number;
  /** Awards of credentials aligned to the skill (people: suppressed below k). */
  supply: ProtectedCount;
  /** supply / demand; null when demand is 0 or supply is suppressed. */
  ratio: number | null;
  bucket: SupplyDemandBucketName | null;
}

export type SkillGapResponse = MetricResponse<SkillGapRow, { demand: number; supply: number | null; ratio: number | null; [k: string]: number | null }>;
