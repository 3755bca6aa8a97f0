import { z } from 'zod';
import { Timestamp } from './codes.js';

/** Formats `credpulse ingest` and `POST /api/ingest/:format` accept. */
export const INGEST_FORMAT_NAMES = ['obv3', 'clr', 'ctdl', 'jobposting', 'postings-csv', 'awards-csv', 'outcomes-csv', 'credentials-csv'] as const;
export type IngestFormatName = (typeof INGEST_FORMAT_NAMES)[number];

/** Column mappings shipped for real posting exports (libs/ingest/presets/<name>.json; docs/ingest-mapping.md). */
export const INGEST_PRESETS = [
  { name: 'usajobs', format: 'postings-csv', label: 'USAJOBS historical export' },
  { name: 'nyc-jobs', format: 'postings-csv', label: 'NYC Open Data: NYC Jobs' },
] as const satisfies readonly { name: string; format: IngestFormatName; label: string }[];
export type IngestPresetName = (typeof INGEST_PRESETS)[number]['name'];

/** One rejected record (or warning): the file, where in it, the field, and why. */
export const IngestIssue = z
  .object({
    file: z.string(),
    line: z.number().int().optional().describe('1-based line (CSV, JSON Lines; the line a JSON value starts on).'),
    pointer: z.string().optional().describe('RFC 6901 JSON pointer inside the document.'),
    field: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'IngestIssue' });
export type IngestIssue = z.infer<typeof IngestIssue>;

/** Outcome of ingesting one file (CLI --json and the API answer the same shape). */
export const IngestFileSummary = z
  .object({
    file: z.string(),
    format: z.enum(INGEST_FORMAT_NAMES),
    runId: z.number().int().nullable().describe('Id of the ingest_run row; null on a dry run.'),
    status: z.enum(['succeeded', 'partial', 'failed', 'dry-run']),
    accepted: z.number().int().describe('Valid records newly loaded (or, on a dry run, that would be).'),
    rejected: z.number().int(),
    duplicates: z.number().int().describe('Valid records already present (same source key): not loaded again.'),
    warnings: z.array(IngestIssue),
    errors: z.array(IngestIssue),
    truncated: z.boolean().describe('True when more errors or warnings existed than are listed (all rejects are kept in ingest_reject).'),
    detail: z.string().optional().describe('Why nothing was loaded (all-or-nothing refusal or a fatal error).'),
    records: z.array(z.unknown()).optional().describe('Normalized records, on a dry run with records requested.'),
  })
  .meta({ id: 'IngestFileSummary' });
export type IngestFileSummary = z.infer<typeof IngestFileSummary>;

export const IngestSummary = z
  .object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    duplicates: z.number().int(),
    warnings: z.array(IngestIssue),
    errors: z.array(IngestIssue),
    files: z.array(IngestFileSummary),
    records: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'IngestSummary' });
export type IngestSummary = z.infer<typeof IngestSummary>;

export const IngestRun = z
  .object({
    id: z.number().int(),
    format: z.string(),
    fileName: z.string(),
    status: z.enum(['running', 'succeeded', 'partial', 'failed']),
    accepted: z.number().int(),
    rejected: z.number().int(),
    duplicates: z.number().int(),
    warnings: z.number().int(),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'IngestRun' });
export type IngestRun = z.infer<typeof IngestRun>;

export const IngestRejectRow = IngestIssue.extend({ id: z.number().int(), raw: z.string().nullable() }).meta({ id: 'IngestRejectRow' });
export type IngestRejectRow = z.infer<typeof IngestRejectRow>;
