import { z } from 'zod';
import { Timestamp } from './codes.js';
import { IngestIssue } from './ingest.js';

/** Public datasets `credpulse public-data load` and `POST /api/public-data/:dataset` accept. */
export const PUBLIC_DATASETS = ['ipeds-institutions', 'ipeds-completions', 'oews', 'projections'] as const;
export type PublicDataset = (typeof PUBLIC_DATASETS)[number];

/** One loaded vintage of a public dataset (`GET /api/public-data`). */
export const PublicDataVintage = z
  .object({
    dataset: z.enum(PUBLIC_DATASETS),
    vintage: z.string().describe('Vintage: IPEDS collection year (2023 = July 2022 - June 2023 awards), OEWS May year, projections period "2023-2033".'),
    rows: z.number().int().describe('Rows loaded for this vintage (areas x occupations for OEWS).'),
    rejected: z.number().int().describe("Rows refused when it was loaded (see the load's errors)."),
    loadedAt: Timestamp,
    source: z.string().describe('File name(s) the vintage came from.'),
    areas: z.array(z.string()).optional().describe('For OEWS and projections: the areas loaded ("US", state FIPS, CBSA codes), at most 60 listed.'),
  })
  .meta({ id: 'PublicDataVintage' });
export type PublicDataVintage = z.infer<typeof PublicDataVintage>;

/** What one file's load did (CLI --json and the API answer the same shape). */
export const PublicDataLoadResult = z
  .object({
    dataset: z.enum(PUBLIC_DATASETS),
    file: z.string(),
    vintage: z.string().nullable(),
    status: z.enum(['loaded', 'partial', 'failed']),
    loaded: z.number().int().describe("Rows written for the vintage (the vintage's earlier rows are replaced in the same transaction)."),
    rejected: z.number().int(),
    skipped: z.number().int().describe('Rows that are not data by design (IPEDS grand totals CIPCODE 99, summary rows, non-detailed OEWS groups), counted not loaded.'),
    replaced: z.number().int().describe('Rows replaced from an earlier load of the same vintage.'),
    errors: z.array(IngestIssue),
    warnings: z.array(IngestIssue),
    truncated: z.boolean().describe('True when more issues existed than are listed.'),
    detail: z.string().optional().describe('Why nothing was loaded (a file-level error).'),
    seconds: z.number(),
    stages: z.record(z.string(), z.number()).optional().describe('Seconds per stage of a load that wrote: read (parse and check), delete, write, rollup, analyze, precompute (program demand of the nation and the states).'),
  })
  .meta({ id: 'PublicDataLoadResult' });
export type PublicDataLoadResult = z.infer<typeof PublicDataLoadResult>;

export interface PublicDataLoadSummary {
  loaded: number;
  rejected: number;
  skipped: number;
  files: PublicDataLoadResult[];
  errors: IngestIssue[];
  warnings: IngestIssue[];
}

/**
 * IPEDS AWLEVEL codes (Completions data dictionary). Since 2019-20 "less than 1 year" (1) is split
 * into 20 (less than 12 weeks) and 21 (12 weeks to 1 year); 1 is kept for earlier years.
 */
export const AWARD_LEVELS: Record<number, { label: string; tier: AwardTier }> = {
  20: { label: 'Certificate, under 12 weeks', tier: 'certificate' },
  21: { label: 'Certificate, 12 weeks to 1 year', tier: 'certificate' },
  1: { label: 'Certificate, under 1 year', tier: 'certificate' },
  2: { label: 'Certificate, 1-2 years', tier: 'certificate' },
  4: { label: 'Certificate, 2-4 years', tier: 'certificate' },
  3: { label: "Associate's", tier: 'associate' },
  5: { label: "Bachelor's", tier: 'bachelor' },
  6: { label: 'Postbaccalaureate certificate', tier: 'bachelor' },
  7: { label: "Master's", tier: 'master' },
  8: { label: "Post-master's certificate", tier: 'master' },
  17: { label: "Doctor's, research/scholarship", tier: 'doctor' },
  18: { label: "Doctor's, professional practice", tier: 'doctor' },
  19: { label: "Doctor's, other", tier: 'doctor' },
};

/** Award levels in reading order (shortest first). */
export const AWARD_LEVEL_ORDER = [20, 21, 1, 2, 4, 3, 5, 6, 7, 8, 17, 18, 19] as const;

/**
 * Demand tiers: the typical entry education of an occupation (BLS) meets the award levels of the
 * same tier. Certificates below the associate's also meet occupations needing a high-school diploma,
 * no formal credential or some college (docs/methodology.md, "Award levels").
 */
export const AWARD_TIERS = ['certificate', 'associate', 'bachelor', 'master', 'doctor'] as const;
export type AwardTier = (typeof AWARD_TIERS)[number];
