import type { MetricResponse } from '../filters.js';

/** One skill employers ask for in a program's occupations, and whether the program's credentials cover it. */
export interface ProgramSkillRow {
  /** Skill id (e.g. `onet:python`, `esco:<uuid>`). */
  key: string;
  label: string;
  /** Unique postings in the program's occupations (CIP-SOC crosswalk) that require or prefer the skill. */
  demand: number;
  /** Of those, postings that require it. */
  required: number;
  /** demand / postings in the program's occupations. */
  share: number;
  /** True when a credential linked to the program is aligned to the skill. */
  covered: boolean;
  /** The program's credentials aligned to the skill (names). */
  coveredBy: string[];
}

export interface ProgramSkillsTotals {
  /** Unique postings in the program's occupations. */
  postings: number;
  /** Credentials linked to the program (catalog CIP alignment, or at least k awards in the program). */
  credentials: number;
  /** Share of the listed demand (postings naming a listed skill, summed) on covered skills. */
  coveredDemandShare: number | null;
}

export type ProgramSkillsResponse = MetricResponse<ProgramSkillRow, ProgramSkillsTotals>;
