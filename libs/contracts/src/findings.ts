import { z } from 'zod';
import { Month, Timestamp } from './codes.js';
import { RangeCoverage } from './filters.js';

/** Rule behind a key finding (docs/methodology.md, "Key findings"). */
export const FINDING_RULES = ['postings-growth', 'recognition-rise', 'recognition-fall', 'industry-naming', 'skill-gap', 'skills-first', 'program-gap', 'program-openings-growth', 'program-top-occupation'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];
const Rule = z.enum(FINDING_RULES);

export const FindingPeriod = z.object({ from: Month, to: Month }).meta({ id: 'FindingPeriod' });
export type FindingPeriod = z.infer<typeof FindingPeriod>;

/**
 * One key finding: a sentence written from a template over the figures (never generated text), with
 * its number, period and comparison, and the API call that gives the same number.
 */
export const Finding = z
  .object({
    rule: Rule,
    headline: z.string().describe('Short title, e.g. "Recognition grew most: CompTIA Security+".'),
    text: z.string().describe('The sentence, with the number, the period and the comparison.'),
    value: z.number().describe("The finding's number in `unit`."),
    unit: z.enum(['percent', 'points', 'share', 'ratio', 'count']).describe('percent: a relative change x 100; points: a difference of shares x 100; share: 0..1; ratio: supply/demand; count: postings or people per year.'),
    period: FindingPeriod,
    comparison: z
      .object({ label: z.string(), value: z.number().nullable(), period: FindingPeriod.optional() })
      .describe('What the number is compared with: an earlier period, the nation, all industries, completions.'),
    subject: z.object({ kind: z.enum(['region', 'credential', 'industry', 'skill', 'program', 'occupation']), key: z.string(), label: z.string() }),
    section: z.string().describe("The report section whose figure it is (traceability from the findings page to the body)."),
    source: z
      .object({ endpoint: z.string(), query: z.record(z.string(), z.string()) })
      .describe('The metric request that returns the same figure (endpoint under /api/metrics and its query).'),
  })
  .meta({ id: 'Finding' });
export type Finding = z.infer<typeof Finding>;

/** A rule that produced no finding, and why (suppressed cells, a sample below the minimum, no data). */
export const OmittedFinding = z.object({ rule: Rule, reason: z.string() }).meta({ id: 'OmittedFinding' });
export type OmittedFinding = z.infer<typeof OmittedFinding>;

/** GET /api/findings: the key findings for a region and period. */
export const FindingsResponse = z
  .object({
    region: z.string(),
    regionName: z.string(),
    from: Month,
    to: Month,
    halves: z
      .object({ earlier: FindingPeriod, later: FindingPeriod })
      .nullable()
      .describe('The two halves of the complete months compared by the change rules (null with fewer than 6 complete months).'),
    findings: z.array(Finding),
    omitted: z.array(OmittedFinding),
    minimums: z.object({ postings: z.number(), skillDemand: z.number(), months: z.number() }).describe("The minimums a finding's sample must reach."),
    k: z.number().int(),
    methodVersion: z.string(),
    dataAsOf: Timestamp.nullable(),
    demo: z.boolean(),
    coverage: RangeCoverage,
  })
  .meta({ id: 'FindingsResponse' });
export type FindingsResponse = z.infer<typeof FindingsResponse>;
