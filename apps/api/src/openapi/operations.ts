import {
  ApiKeyCreated,
  ApiKeyCreateRequest,
  ApiKeySummary,
  AuditEntry,
  CandidateAddRequest,
  CandidateDecision,
  CandidateIgnored,
  CandidateMergeRequest,
  CredentialCandidate,
  ReextractRequest,
  ReextractStatus,
  CIP_PATTERN,
  CREDENTIAL_TYPES,
  CustomRegion,
  CustomRegionImportResult,
  CustomRegionInput,
  Schedule,
  ScheduleInput,
  SchedulerStatus,
  ScheduleRun,
  DASHBOARD_VIEWS,
  EXPORT_FORMATS,
  EXPORT_MEDIA_TYPES,
  ExportCatalogue,
  ExportProvenance,
  FindingsResponse,
  HealthResponse,
  INGEST_FORMAT_NAMES,
  IngestRejectRow,
  IngestRun,
  IngestSummary,
  LoginRequest,
  METRIC_NAMES,
  PICKER_KINDS,
  PUBLIC_DATASETS,
  PublicDataLoadResult,
  PublicDataVintage,
  PickerResponse,
  ProgramReport,
  RECORD_DATASETS,
  REGION_KINDS,
  REGION_PATTERN,
  RegionListResponse,
  RegionReport,
  PeersResponse,
  SavedView,
  SavedViewInput,
  SessionResponse,
  UserCreateRequest,
  UserSummary,
  UserUpdateRequest,
} from '@credpulse/contracts';
import { z } from 'zod';
import { FILTER_MONTH_PATTERN } from './api-metric.decorator.js';

type Schema = Record<string, unknown>;

export interface ParamDoc {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: Schema;
  example?: string;
}

/** What the document says about one operation beyond what Nest's route scan gives. */
export interface OperationDoc {
  summary?: string;
  /** The 200 (or 204) answer: a named contract schema (JSON), other media types, or no content. */
  ok: z.ZodType | { media: Record<string, Schema>; description: string } | { status: 204; description: string };
  /** Request body: a JSON contract schema, or a raw upload. */
  body?: z.ZodType | { media: Record<string, Schema>; description: string };
  /** Replaces the parameters Nest found (route scan); metric endpoints keep theirs (ApiMetric). */
  params?: ParamDoc[];
  /** Statuses besides the ones derived from the policy and the shape of the route. */
  extraStatuses?: number[];
}

const ref = (s: z.ZodType): Schema => {
  const id = z.globalRegistry.get(s)?.id;
  if (!id) throw new Error('contract schema without an id');
  return { $ref: `#/components/schemas/${id}` };
};
export const schemaRef = ref;

const q = (name: string, description: string, schema: Schema, example?: string): ParamDoc => ({ name, in: 'query', required: false, description, schema, ...(example ? { example } : {}) });
const path = (name: string, description: string, schema: Schema, example?: string): ParamDoc => ({ name, in: 'path', required: true, description, schema, ...(example ? { example } : {}) });
const binary = { type: 'string', format: 'binary' };
const limit = (def: number, max: number) => q('limit', `Most items returned, 1..${max} (default ${def}).`, { type: 'integer', minimum: 1, maximum: max, default: def });
const search = q('q', 'Search text: a code prefix or words of the title, case-insensitive (at most 200 characters).', { type: 'string', maxLength: 200 });
const reportPeriod = (months: number) => [
  q('from', `First month, YYYY-MM (inclusive). Default: ${months - 1} months before \`to\` (${months} months in all).`, { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-01'),
  q('to', 'Last month, YYYY-MM (inclusive). Default: the latest month with postings or awards.', { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-12'),
];
const exportFormat: ParamDoc = { ...q('format', 'File format: arrow (Arrow IPC stream), parquet, csv, xlsx (a workbook: the table and a Provenance sheet).', { type: 'string', enum: [...EXPORT_FORMATS] }), required: true };
const xlsx = {
  media: { [EXPORT_MEDIA_TYPES.xlsx]: binary },
  description: 'A workbook (.xlsx): a sheet per chart or report section with its table, and a Provenance sheet (filters, data as of, method versions, suppression notes). X-Credpulse-Row-Count gives the data rows.',
};
const exportMedia: Record<string, Schema> = {
  [EXPORT_MEDIA_TYPES.arrow]: binary,
  [EXPORT_MEDIA_TYPES.parquet]: binary,
  [EXPORT_MEDIA_TYPES.xlsx]: binary,
  'text/csv': { type: 'string' },
  'application/zip': binary,
};
const exportFilters = [
  q('from', 'First month, YYYY-MM (inclusive). Default: no lower bound.', { type: 'string', pattern: FILTER_MONTH_PATTERN }),
  q('to', 'Last month, YYYY-MM (inclusive). Default: no upper bound.', { type: 'string', pattern: FILTER_MONTH_PATTERN }),
  q('region', 'us, state:06, county:06037, cbsa:31080 or custom:<id>. Default us.', { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }),
  q('naics', 'NAICS 2022 code, 2 to 6 digits.', { type: 'string', pattern: '^(\\d{2,6}|31-33|44-45|48-49)$' }),
  q('soc', 'SOC 2018 code.', { type: 'string', pattern: '^\\d{2}-\\d{4}(\\.00)?$' }),
  q('cip', 'CIP 2020 code (prefix match).', { type: 'string', pattern: CIP_PATTERN.source }),
  q('skill', 'Skill id.', { type: 'string' }),
  q('credential', 'Credential id or source key.', { type: 'string' }),
  q('provider', 'Provider id or source key.', { type: 'string' }),
];
const regionPath = path('region', 'us, state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>.', { type: 'string', pattern: REGION_PATTERN.source }, 'state:06');
const cipPath = path('cip', 'A 6-digit CIP 2020 program (51.3801). A family (51) or series (51.38) is a 400 that lists its programs.', { type: 'string', pattern: CIP_PATTERN.source }, '51.3801');
const idPath = (what: string, max = 2_147_483_647) => path('id', `The ${what}'s id.`, { type: 'integer', minimum: 1, maximum: max });
const upload = {
  description: 'The file itself, streamed (any content type; at most CREDPULSE_MAX_UPLOAD_MB).',
  media: { 'application/octet-stream': binary, 'text/csv': { type: 'string' }, 'application/json': {}, 'application/ld+json': {}, 'text/html': { type: 'string' }, 'application/jsonl': { type: 'string' } },
};
const pdf = { media: { 'application/pdf': binary }, description: 'The report as a PDF (vector charts, text kept as text).' };
const arrayOf = (s: z.ZodType) => z.array(s);
/** The candidate list and its CSV (CandidateQuery). */
const candidateQuery = [
  q('status', 'open (default), added, merged, ignored or all; several separated by commas.', { type: 'string' }, 'open'),
  q('minSupport', 'Least postings naming a phrase (reposts left out) for an open phrase to be listed (default 3).', { type: 'integer', minimum: 1, maximum: 1000000, default: 3 }),
  q('from', 'First month, YYYY-MM or YYYY-MM-DD.', { type: 'string' }),
  q('to', 'Last month, YYYY-MM or YYYY-MM-DD.', { type: 'string' }),
  q('state', '2-digit state FIPS code.', { type: 'string', pattern: '^\\d{2}$' }),
  q('q', 'Part of the phrase, case-insensitive.', { type: 'string' }),
  limit(200, 5000),
];

/** Every route except the metric endpoints (whose parameters come from their FilterSpec). Keyed "METHOD /openapi/path". */
export const OPERATIONS: Record<string, OperationDoc> = {
  'GET /api/health': { summary: 'Liveness and what is loaded: version, database mode, migrations, taxonomy versions, row counts', ok: HealthResponse, params: [] },
  'POST /api/auth/login': { summary: 'Sign in with email and password: sets the cp_session cookie and returns the CSRF token', ok: SessionResponse, body: LoginRequest, params: [] },
  'POST /api/auth/logout': { summary: 'End the session and clear the cookie', ok: { status: 204, description: 'Signed out (also when there was no session).' }, params: [] },
  'GET /api/auth/me': { summary: 'Who the request is made as (user, API key or anonymous) and the CSRF token of the session', ok: SessionResponse, params: [] },

  'GET /api/taxonomy/{kind}': {
    summary: 'Search a code list for a filter picker (ranked: exact code, code prefix, title prefix, title contains)',
    ok: PickerResponse,
    params: [
      path('kind', 'The code list.', { type: 'string', enum: [...PICKER_KINDS] }),
      search,
      limit(20, 100),
      q('level', 'naics only: 2-6 digits; soc only: major, minor, broad, detailed; cip only: 2, 4, 6 digits.', { type: 'string', enum: ['2', '3', '4', '5', '6', 'major', 'minor', 'broad', 'detailed'] }),
      q('source', 'skills only: onet or esco.', { type: 'string', enum: ['onet', 'esco'] }),
      q('type', 'credentials only: the credential type.', { type: 'string', enum: [...CREDENTIAL_TYPES] }),
    ],
  },
  'GET /api/regions': {
    summary: 'Search states, counties, CBSAs and custom regions; codes in the region filter syntax',
    ok: RegionListResponse,
    params: [q('q', 'A code (06, county:06037, CA) or words of the name (at most 200 characters).', { type: 'string', maxLength: 200 }), q('kind', 'Only regions of this kind.', { type: 'string', enum: [...REGION_KINDS] }), limit(100, 5000)],
  },
  'GET /api/regions/custom': { summary: 'Custom regions (named sets of counties)', ok: arrayOf(CustomRegion), params: [] },
  'GET /api/regions/custom/{id}': { summary: 'One custom region', ok: CustomRegion, params: [idPath('custom region', 999_999_999)] },
  'POST /api/regions/custom': { summary: 'Create a custom region; every county is validated', ok: CustomRegion, body: CustomRegionInput, extraStatuses: [409], params: [] },
  'POST /api/regions/custom/import': {
    summary: 'Import custom regions from CSV (header name,counties[,description]; counties as FIPS codes separated by spaces or semicolons): all or none, errors by line and field',
    ok: CustomRegionImportResult,
    body: { description: 'CSV, at most 1 MB and 1,000 regions.', media: { 'text/csv': { type: 'string' } } },
    extraStatuses: [413],
    params: [],
  },
  'PUT /api/regions/custom/{id}': { summary: 'Replace a custom region', ok: CustomRegion, body: CustomRegionInput, extraStatuses: [409], params: [idPath('custom region', 999_999_999)] },
  'DELETE /api/regions/custom/{id}': { summary: 'Delete a custom region', ok: { status: 204, description: 'Deleted.' }, params: [idPath('custom region', 999_999_999)] },

  'GET /api/saved-views': {
    summary: 'Saved views: your own and every shared one (signed-in users and API keys only)',
    ok: arrayOf(SavedView),
    params: [q('pinned', 'true: only the views pinned to the board home page.', { type: 'string', enum: ['true', 'false'], default: 'false' })],
  },
  'GET /api/saved-views/{id}': { summary: 'One saved view (yours, or a shared one)', ok: SavedView, params: [idPath('saved view')] },
  'POST /api/saved-views': { summary: 'Save a dashboard state (path + URL query) with a name and a note', ok: SavedView, body: SavedViewInput, params: [] },
  'PUT /api/saved-views/{id}': { summary: 'Replace a saved view (its owner or an admin)', ok: SavedView, body: SavedViewInput, params: [idPath('saved view')] },
  'DELETE /api/saved-views/{id}': { summary: 'Delete a saved view (its owner or an admin)', ok: { status: 204, description: 'Deleted.' }, params: [idPath('saved view')] },

  'GET /api/peers': {
    summary: 'A region beside its peers (picked, or the five most similar by industry mix and size) and the nation scaled to its size: postings by sector with LQs, awards under disclosure control',
    ok: PeersResponse,
    params: [
      { ...q('region', 'state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>; not us.', { type: 'string', pattern: REGION_PATTERN.source }, 'state:06'), required: true },
      q('peers', 'Up to 10 region codes separated by commas; omit to get the five suggested peers.', { type: 'string' }, 'state:41,state:53'),
      q('view', "A dashboard view: the answer adds `measure`, that view's headline figure for the region, each peer and the nation scaled to the region's size.", { type: 'string', enum: [...DASHBOARD_VIEWS] }, 'recognition'),
      q('from', 'First month, YYYY-MM (inclusive). Default: 11 months before `to` (12 months in all).', { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-01'),
      q('to', 'Last month, YYYY-MM (inclusive). Default: the latest month with postings or awards.', { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-12'),
    ],
  },

  'GET /api/reports/region/{region}': { summary: 'Regional report (JSON): postings, skills and gaps, credentials by industry, outcomes, program demand', ok: RegionReport, params: [regionPath, ...reportPeriod(12)] },
  'GET /api/reports/region/{region}.pdf': { summary: 'Regional report as PDF', ok: pdf, params: [regionPath, ...reportPeriod(12)] },
  'GET /api/reports/region/{region}.xlsx': { summary: 'Regional report as a workbook: a sheet per section, and a Provenance sheet', ok: xlsx, params: [regionPath, ...reportPeriod(12)] },
  'GET /api/reports/program/{cip}.xlsx': {
    summary: 'Program report as a workbook: a sheet per section, and a Provenance sheet',
    ok: xlsx,
    params: [cipPath, ...reportPeriod(24), q('region', 'us, state:06, county:06037, cbsa:31080 or custom:<id>. Default us.', { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }, 'state:06')],
  },
  'GET /api/reports/program/{cip}': {
    summary: 'Program report (JSON): openings in its occupations, completions, gap, outcomes',
    ok: ProgramReport,
    params: [cipPath, ...reportPeriod(24), q('region', 'us, state:06, county:06037, cbsa:31080 or custom:<id>. Default us.', { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }, 'state:06')],
  },
  'GET /api/reports/program/{cip}.pdf': {
    summary: 'Program report as PDF',
    ok: pdf,
    params: [cipPath, ...reportPeriod(24), q('region', 'us, state:06, county:06037, cbsa:31080 or custom:<id>. Default us.', { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }, 'state:06')],
  },

  'GET /api/schedules': { summary: 'Scheduled reports, each with its last run', ok: arrayOf(Schedule), params: [] },
  'GET /api/schedules/status': { summary: 'Whether the job scheduler runs on this server, where it delivers, and whether it e-mails', ok: SchedulerStatus, params: [] },
  'GET /api/schedules/runs': { summary: 'Recent deliveries of every schedule, newest first (the admin view)', ok: arrayOf(ScheduleRun), params: [limit(100, 1000)] },
  'GET /api/schedules/{id}/runs': { summary: "A schedule's deliveries, newest first", ok: arrayOf(ScheduleRun), params: [idPath('schedule'), limit(100, 1000)] },
  'POST /api/schedules': {
    summary: 'Schedule a saved view, a view or a region/program report (monthly, quarterly): its PDF and workbook are written to the delivery folder each period and e-mailed when SMTP is configured',
    ok: Schedule,
    body: ScheduleInput,
    params: [],
  },
  'DELETE /api/schedules/{id}': { summary: 'Delete a schedule (its delivered files stay)', ok: { status: 204, description: 'Deleted.' }, params: [idPath('schedule')] },

  'GET /api/findings': {
    summary: 'Key findings for a region and period: sentences from rules over the figures, each with its number, comparison and the metric request that gives it',
    ok: FindingsResponse,
    params: [
      q('region', 'us, state:06 (or state:CA), county:06037, cbsa:31080 or custom:<id>. Default us.', { type: 'string', pattern: REGION_PATTERN.source, default: 'us' }, 'state:06'),
      q('from', 'First month, YYYY-MM (inclusive). Default: 11 months before `to` (12 months in all).', { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-01'),
      q('to', 'Last month, YYYY-MM (inclusive). Default: the latest month with postings or awards.', { type: 'string', pattern: FILTER_MONTH_PATTERN }, '2025-12'),
    ],
  },
  'GET /api/exports': { summary: 'Export datasets and formats, and whether record-level exports are enabled here', ok: ExportCatalogue, params: [] },
  'GET /api/exports/metrics/{metric}': {
    summary: "A metric's rows as a file (Arrow, Parquet, CSV), suppressed as in the API, with provenance in the file metadata",
    ok: { media: exportMedia, description: 'The file (Content-Disposition names it; X-Credpulse-Row-Count gives the rows).' },
    params: [
      path('metric', 'The metric (GET /api/metrics/<metric>); every parameter of that endpoint is accepted too.', { type: 'string', enum: [...METRIC_NAMES] }),
      exportFormat,
      q('bundle', 'csv only: zip = the CSV and its .meta.json in one zip.', { type: 'string', enum: ['zip'] }),
    ],
  },
  'GET /api/exports/views/{view}': {
    summary: 'A dashboard view as one workbook: a sheet per chart (the same request, filters and disclosure control as the chart) and a Provenance sheet',
    ok: xlsx,
    params: [
      path('view', 'The dashboard view (its page path; overview is /), or peers: the peers view (region required; peers and view as in GET /api/peers).', { type: 'string', enum: [...DASHBOARD_VIEWS, 'peers'] }),
      { ...q('format', 'xlsx: views download as workbooks.', { type: 'string', enum: ['xlsx'] }), required: true },
      ...exportFilters.filter((p) => ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential'].includes(p.name)),
      q('granularity', 'overview: month, quarter or year for the postings trend.', { type: 'string', enum: ['month', 'quarter', 'year'] }),
      q('groupBy', 'outcomes: credential, provider or industry.', { type: 'string', enum: ['credential', 'provider', 'industry'] }),
      q('peers', 'peers: up to 10 region codes separated by commas (omit for the five suggested).', { type: 'string' }),
      q('view', 'peers: a dashboard view whose headline measure gets a sheet.', { type: 'string', enum: [...DASHBOARD_VIEWS] }),
    ],
  },
  'GET /api/exports/{dataset}': {
    summary: 'A record-level table as a file (researcher role, only when CREDPULSE_RECORD_EXPORTS=true; audited)',
    ok: { media: exportMedia, description: 'The file (Content-Disposition names it; X-Credpulse-Row-Count gives the rows).' },
    params: [path('dataset', 'The record-level dataset.', { type: 'string', enum: [...RECORD_DATASETS] }), exportFormat, q('bundle', 'csv only: zip = the CSV and its .meta.json in one zip.', { type: 'string', enum: ['zip'] }), ...exportFilters],
  },
  'GET /api/exports/{dataset}/meta': {
    summary: 'Provenance and data dictionary of an export, without the rows',
    ok: ExportProvenance,
    params: [path('dataset', 'A record-level dataset.', { type: 'string', enum: [...RECORD_DATASETS] }), exportFormat, ...exportFilters],
  },

  'POST /api/ingest/{format}': {
    summary: 'Load a file (streamed): postings, awards, outcomes, Open Badges, CLR, CTDL, JobPosting',
    ok: IngestSummary,
    body: upload,
    extraStatuses: [408, 422],
    params: [
      path('format', 'The input format.', { type: 'string', enum: [...INGEST_FORMAT_NAMES] }),
      q('filename', 'File name to record (default "upload").', { type: 'string', maxLength: 200, default: 'upload' }),
      q('allOrNothing', 'true: refuse the whole file when any record is bad (422).', { type: 'string', enum: ['true', 'false'], default: 'false' }),
      q('dryRun', 'true: parse and validate, load nothing.', { type: 'string', enum: ['true', 'false'], default: 'false' }),
      q('records', 'With dryRun=true: include the normalized records.', { type: 'string', enum: ['true', 'false'], default: 'false' }),
      q('mapping', 'CSV formats: a column mapping as JSON (docs/ingest-mapping.md).', { type: 'string' }),
    ],
  },
  'GET /api/ingest/runs': { summary: 'Recent ingest runs', ok: arrayOf(IngestRun), params: [limit(50, 500)] },
  'GET /api/ingest/runs/{id}/rejects': {
    summary: 'Rejected records of a run: file, line or pointer, field, reason and the raw record',
    ok: arrayOf(IngestRejectRow),
    params: [idPath('ingest run', Number.MAX_SAFE_INTEGER), limit(100, 1000), q('offset', 'Rows to skip (default 0).', { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 })],
  },

  'GET /api/public-data': { summary: 'Loaded vintages of public datasets (IPEDS institutions and completions, OEWS, BLS projections)', ok: arrayOf(PublicDataVintage), params: [] },
  'POST /api/public-data/{dataset}': {
    summary: 'Load one public data file (CSV or xlsx, streamed) as one vintage, in one transaction',
    ok: PublicDataLoadResult,
    body: { description: 'The file itself, streamed (CSV or xlsx; at most CREDPULSE_MAX_UPLOAD_MB).', media: { 'application/octet-stream': binary, 'text/csv': { type: 'string' }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': binary } },
    extraStatuses: [408, 422],
    params: [
      path('dataset', 'The public dataset.', { type: 'string', enum: [...PUBLIC_DATASETS] }),
      q('filename', 'File name to record (default "<dataset>-upload").', { type: 'string', maxLength: 200 }),
      q('year', 'Vintage year, when the file does not say it (1990-2100).', { type: 'integer', minimum: 1990, maximum: 2100 }),
    ],
  },

  'GET /api/admin/users': { summary: 'Users', ok: arrayOf(UserSummary), params: [] },
  'POST /api/admin/users': { summary: 'Create a user', ok: UserSummary, body: UserCreateRequest, extraStatuses: [409], params: [] },
  'PATCH /api/admin/users/{id}': { summary: "Change a user's role, disabled flag or password", ok: UserSummary, body: UserUpdateRequest, params: [idPath('user')] },
  'GET /api/admin/api-keys': { summary: 'API keys (never the keys themselves)', ok: arrayOf(ApiKeySummary), params: [] },
  'POST /api/admin/api-keys': { summary: 'Create an API key; the answer holds the key, once', ok: ApiKeyCreated, body: ApiKeyCreateRequest, params: [] },
  'DELETE /api/admin/api-keys/{id}': { summary: 'Revoke an API key', ok: ApiKeySummary, params: [idPath('API key')] },
  'GET /api/admin/audit': { summary: 'Audit log, newest first', ok: arrayOf(AuditEntry), params: [limit(200, 5000)] },
  'GET /api/admin/credential-candidates': { summary: 'Credentials employers name that the catalog lacks, with postings by month, state and industry', ok: arrayOf(CredentialCandidate), params: candidateQuery },
  'GET /api/admin/credential-candidates/export': { summary: 'The same list as CSV, one line per phrase, month, state and industry', ok: { media: { 'text/csv': { type: 'string' } }, description: 'CSV (formula-guarded text cells)' }, params: candidateQuery },
  'POST /api/admin/credential-candidates/{id}/add': { summary: 'Add the phrase to the catalog as a credential (audited; queues a re-extraction)', ok: CandidateDecision, body: CandidateAddRequest, extraStatuses: [409], params: [idPath('candidate')] },
  'POST /api/admin/credential-candidates/{id}/merge': { summary: 'Merge the phrase into a credential as another name (audited; queues a re-extraction)', ok: CandidateDecision, body: CandidateMergeRequest, extraStatuses: [409], params: [idPath('candidate')] },
  'POST /api/admin/credential-candidates/{id}/ignore': { summary: 'Ignore the phrase (audited)', ok: CandidateIgnored, extraStatuses: [409], params: [idPath('candidate')] },
  'GET /api/admin/reextract': { summary: 'The latest re-extraction job and its progress (null when none ran)', ok: ReextractStatus, params: [] },
  'POST /api/admin/reextract': { summary: 'Re-extract every stored posting with the current catalog (audited)', ok: ReextractStatus, body: ReextractRequest, params: [] },
};
