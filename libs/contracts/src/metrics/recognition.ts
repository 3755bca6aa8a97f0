import type { MetricResponse } from '../filters.js';

export interface LevelRates {
  any: number | null;
  required: number | null;
  preferred: number | null;
  in_lieu: number | null;
}

/** One credential (or "any micro-credential", key 'any') or one industry. */
export interface RecognitionRow {
  /** Credential id, 'any', or a NAICS prefix ('--' = unknown). */
  key: string;
  label: string;
  /** Unique postings in the credential's target SOCs (credential rows), or in the industry. */
  postings: number;
  /** Postings naming it, by level (each posting once per credential; 'any': at its strongest level). */
  naming: { any: number; required: number; preferred: number; in_lieu: number };
  rates: LevelRates;
  /** Industry rows: share of postings requiring a bachelor's or higher. */
  degreeRequirementShare?: number | null;
  /** Industry rows: share with no degree requirement or an in-lieu clause. */
  skillsFirstShare?: number | null;
}

export interface RecognitionTotals {
  postings: number;
  degreeRequirementShare: number | null;
  skillsFirstShare: number | null;
  [k: string]: number | null;
}

export type RecognitionResponse = MetricResponse<RecognitionRow, RecognitionTotals>;
