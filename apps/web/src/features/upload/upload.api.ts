import type { IngestFormatName, IngestRejectRow, IngestRun, IngestSummary } from '@credpulse/contracts';
import { useQuery } from '@tanstack/react-query';
import { getJson, queryString, upload } from '../../lib/http';

/** What a format expects, to pick the right one and the right files. */
export const FORMAT_HELP: Record<IngestFormatName, { label: string; accept: string }> = {
  obv3: { label: 'Open Badges 3.0 (JSON-LD or VC-JWT)', accept: '.json,.jsonld,.jwt,.txt' },
  clr: { label: 'Comprehensive Learner Record 2.0', accept: '.json,.jsonld,.jwt' },
  ctdl: { label: 'Credential Engine CTDL (JSON-LD)', accept: '.json,.jsonld' },
  jobposting: { label: 'schema.org JobPosting (JSON-LD)', accept: '.json,.jsonld,.jsonl' },
  'postings-csv': { label: 'Job postings (CSV)', accept: '.csv' },
  'awards-csv': { label: 'Credential awards (CSV)', accept: '.csv' },
  'outcomes-csv': { label: 'Wage outcomes (CSV)', accept: '.csv' },
  'credentials-csv': { label: 'Credential list (CSV)', accept: '.csv' },
};

export function uploadFile(format: IngestFormatName, file: File, opts: { allOrNothing: boolean; dryRun: boolean; preset?: string }, onProgress: (f: number) => void): Promise<IngestSummary> {
  const qs = queryString({ filename: file.name, preset: opts.preset || undefined, allOrNothing: opts.allOrNothing ? 'true' : undefined, dryRun: opts.dryRun ? 'true' : undefined });
  return upload<IngestSummary>(`/api/ingest/${format}${qs}`, file, file.type || 'application/octet-stream', onProgress);
}

export function useIngestRuns(enabled: boolean) {
  return useQuery({ queryKey: ['ingest-runs'], queryFn: () => getJson<IngestRun[]>('/api/ingest/runs', { limit: 20 }), enabled });
}

export function useRunRejects(runId: number | null) {
  return useQuery({
    queryKey: ['ingest-rejects', runId],
    queryFn: () => getJson<IngestRejectRow[]>(`/api/ingest/runs/${runId}/rejects`, { limit: 200 }),
    enabled: runId !== null,
  });
}
