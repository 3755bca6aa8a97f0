import type { MetricResponse } from '../filters.js';
import type { PeopleCount } from './outcomes.js';

/** `skills`: saturation per skill; `unrecognized`: credentials with awards that no posting names. */
export const SATURATION_VIEWS = ['skills', 'unrecognized'] as const;
export type SaturationView = (typeof SATURATION_VIEWS)[number];

export interface SaturationSkillRow {
  kind: 'skill';
  skillId: string;
  name: string;
  /** Credentials aligned to the skill (saturation_s); not a count of people. */
  credentials: number;
  /** Awards of those credentials in the period (people, protected; overlaps across skills). */
  awards: PeopleCount;
  /** Unique postings in the period requiring or preferring the skill. */
  postings: number;
}

export interface UnrecognizedRow {
  kind: 'credential';
  credentialId: number;
  name: string;
  awards: PeopleCount;
}

export type SaturationRow = SaturationSkillRow | UnrecognizedRow;

export interface SaturationTotals {
  /** Credentials with awards in the period. */
  credentialsAwarded: number;
  /** Of them, named by no posting in the period. */
  unrecognized: number;
  /** Awards of unrecognized credentials (view=unrecognized). */
  unrecognizedAwards?: PeopleCount;
  [k: string]: number | PeopleCount | undefined;
}

export type SaturationResponse = MetricResponse<SaturationRow, SaturationTotals>;
