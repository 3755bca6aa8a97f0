import type { Coverage } from './filters.js';

/** Rule behind a key finding (docs/methodology.md, "Key findings"). */
export const FINDING_RULES = ['postings-growth', 'recognition-rise', 'recognition-fall', 'industry-naming', 'skill-gap', 'skills-first', 'program-gap', 'program-openings-growth', 'program-top-occupation'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export interface FindingPeriod {
  from: string;
  to: string;
}

/**
 * One key finding: a sentence written from a template over the figures (never generated text), with
 * its number, period and comparison, and the API call that gives the same number.
 */
export interface Finding {
  rule: FindingRule;
  /** Short title, e.g. "Recognition grew most: CompTIA Security+". */
  headline: string;
  /** The sentence, with the number, the period and the comparison. */
  text: string;
  /** The finding's number in `unit`. */
  value: number;
  /** percent: a relative change x 100; points: a difference of shares x 100; share: 0..1; ratio: supply/demand; count: postings or people per year. */
  unit: 'percent' | 'points' | 'share' | 'ratio' | 'count';
  period: FindingPeriod;
  /** What the number is compared with: an earlier period, the nation, all industries, completions. */
  comparison: { label: string; value: number | null; period?: FindingPeriod };
  subject: { kind: 'region' | 'credential' | 'industry' | 'skill' | 'program' | 'occupation'; key: string; label: string };
  /** The report section whose figure it is (traceability from the findings page to the body). */
  section: string;
  /** The metric request that returns the same figure (endpoint under /api/metrics and its query). */
  source: { endpoint: string; query: Record<string, string> };
}

/** A rule that produced no finding, and why (suppressed cells, a sample below the minimum, no data). */
export interface OmittedFinding {
  rule: FindingRule;
  reason: string;
}

/** GET /api/findings: the key findings for a region and period. */
export interface FindingsResponse {
  region: string;
  regionName: string;
  from: string;
  to: string;
  /** The two halves of the complete months compared by the change rules (null with fewer than 6 complete months). */
  halves: { earlier: FindingPeriod; later: FindingPeriod } | null;
  findings: Finding[];
  omitted: OmittedFinding[];
  /** The minimums a finding's sample must reach. */
  minimums: { postings: number; skillDemand: number; months: number };
  k: number;
  methodVersion: string;
  dataAsOf: string | null;
  demo: boolean;
  coverage: Coverage & { firstMonth: string | null; lastMonth: string | null };
}
