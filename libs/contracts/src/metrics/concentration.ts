import type { MetricResponse } from '../filters.js';

/** One region or item: its count, share and location quotient against the nation; shift-share when a base period is given. */
export interface ConcentrationRow {
  key: string;
  label: string;
  /** e_ir: postings (or awards, measure=awards) of the item in the region. */
  count: number;
  /** e_ir / e_r */
  localShare: number | null;
  /** e_iN / e_N */
  nationalShare: number | null;
  lq: number | null;
  concentrated: boolean;
  shiftShare?: { base: number; change: number; national: number; industryMix: number; competitive: number } | null;
}

export type ConcentrationResponse = MetricResponse<ConcentrationRow, { regionTotal: number; nationTotal: number; [k: string]: number | null }>;
