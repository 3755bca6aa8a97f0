import type { MetricResponse } from '../filters.js';
import type { ProtectedCount } from '../filters.js';

export type SupplyDemandBucketName = 'very_undersupplied' | 'undersupplied' | 'balanced' | 'oversupplied' | 'very_oversupplied' | 'no_demand' | 'no_credential_aligned';

/** One skill, month or industry: demand (postings) beside supply (awards, disclosure-protected). */
export interface SkillGapRow {
  /** Skill id, YYYY-MM, or NAICS 2-digit sector. */
  key: string;
  label: string;
  /** Unique postings requiring, preferring or accepting in lieu of a degree the skill. */
  demand: number;
  /** Awards of credentials aligned to the skill (people: suppressed below k). */
  supply: ProtectedCount;
  /** supply / demand; null when demand is 0, supply is suppressed or no credential is aligned. */
  ratio: number | null;
  /** 'no_credential_aligned' when `aligned` is false: not a gap, the catalogue has nothing to teach it. */
  bucket: SupplyDemandBucketName | null;
  /**
   * False when no catalogued credential teaches the skill (by skill), or none is aligned to the
   * filtered skill / the sector's credentials (by month, by sector). Such rows are not gaps:
   * gap rankings leave them out and list them apart.
   */
  aligned: boolean;
  /** Month rows only: true when the data covers the month only in part (or not at all). */
  partial?: boolean;
}

export type SkillGapResponse = MetricResponse<SkillGapRow, { demand: number; supply: number | null; ratio: number | null; [k: string]: number | null }>;
