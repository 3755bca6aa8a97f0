/** Formats `credpulse ingest` and `POST /api/ingest/:format` accept. */
export const INGEST_FORMAT_NAMES = ['obv3', 'clr', 'ctdl', 'jobposting', 'postings-csv', 'awards-csv', 'outcomes-csv', 'credentials-csv'] as const;
export type IngestFormatName = (typeof INGEST_FORMAT_NAMES)[number];

/** One rejected record (or warning): the file, where in it, the field, and why. */
export interface IngestIssue {
  file: string;
  /** 1-based line (CSV, JSON Lines; the line a JSON value starts on). */
  line?: number;
  /** RFC 6901 JSON pointer inside the document. */
  pointer?: string;
  field: string;
  reason: string;
}

/** Outcome of ingesting one file (CLI --json and the API answer the same shape). */
export interface IngestFileSummary {
  file: string;
  format: IngestFormatName;
  /** Id of the ingest_run row; null on a dry run. */
  runId: number | null;
  status: 'succeeded' | 'partial' | 'failed' | 'dry-run';
  /** Valid records newly loaded (or, on a dry run, that would be). */
  accepted: number;
  rejected: number;
  /** Valid records already present (same source key): not loaded again. */
  duplicates: number;
  warnings: IngestIssue[];
  errors: IngestIssue[];
  /** True when more errors or warnings existed than are listed (all rejects are kept in ingest_reject). */
  truncated: boolean;
  /** Why nothing was loaded (all-or-nothing refusal or a fatal error). */
  detail?: string;
  /** Normalized records, on a dry run with records requested. */
  records?: unknown[];
}

export interface IngestSummary {
  accepted: number;
  rejected: number;
  duplicates: number;
  warnings: IngestIssue[];
  errors: IngestIssue[];
  files: IngestFileSummary[];
  records?: unknown[];
}

export interface IngestRun {
  id: number;
  format: string;
  fileName: string;
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  accepted: number;
  rejected: number;
  duplicates: number;
  warnings: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface IngestRejectRow extends IngestIssue {
  id: number;
  raw: string | null;
}
