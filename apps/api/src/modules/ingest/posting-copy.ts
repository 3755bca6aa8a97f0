import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { MENTION_LEVEL_CODE } from '@credpulse/contracts';
import type { PostingRecord, StoredExtraction } from '@credpulse/ingest';

// COPY text for a batch of postings and their mentions, built straight from the records (no
// intermediate row arrays, escaping only where a value can need it), and sent as one write per
// table. PostgreSQL only: COPY FROM STDIN desynchronises pglite-socket.

export const POSTING_COPY_COLUMNS = [
  'id', 'source_key', 'employer', 'title', 'naics_code', 'soc_code', 'county_fips', 'state_fips', 'posted_date', 'expires_date', 'last_seen_date',
  'description', 'salary_min', 'salary_max', 'salary_unit', 'salary_annual', 'degree_level', 'in_lieu', 'remote', 'dedup_group', 'is_duplicate', 'ingest_run_id',
  'location_method', 'location_confidence', 'soc_source', 'soc_method', 'soc_confidence',
] as const;

export const POSTING_LOCATION_COLUMNS = ['posting_id', 'county_fips', 'state_fips', 'method', 'confidence'] as const;

/** posting_location rows of a posting naming several places (one per county). */
export function postingLocationRows(id: number, r: PostingRecord): unknown[][] {
  if (!r.locations || r.locations.length < 2) return [];
  const seen = new Set<string>();
  const out: unknown[][] = [];
  for (const l of r.locations) {
    if (seen.has(l.countyFips)) continue;
    seen.add(l.countyFips);
    out.push([id, l.countyFips, l.stateFips, l.method, l.confidence]);
  }
  return out;
}

/** The SOC provenance of a record: given when the source states one. */
export function socSource(r: PostingRecord): 'given' | 'coded' | null {
  return r.socSource ?? (r.socCode ? 'given' : null);
}

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;

/** A text value in COPY text format: \N for absent; backslash, tab, newline, CR escaped; NUL (not storable in text) as U+FFFD. */
export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (!NEEDS_ESCAPE.test(v)) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch === 92) out += '\\\\';
    else if (ch === 9) out += '\\t';
    else if (ch === 10) out += '\\n';
    else if (ch === 13) out += '\\r';
    else if (ch === 0) out += '\uFFFD';
    else out += v[i];
  }
  return out;
}

const num = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '\\N' : String(v));
const bool = (v: boolean): string => (v ? 't' : 'f');

export interface PostingCopyRow {
  id: number;
  r: PostingRecord;
  x: StoredExtraction;
  dedupGroup: string;
}

/** The three COPY payloads (postings, skill mentions, credential mentions) for one batch. */
export function buildPostingCopy(rows: readonly PostingCopyRow[], runId: number): { postings: string; skills: string; credentials: string; locations: string } {
  const postings: string[] = [];
  const locations: string[] = [];
  const skills: string[] = [];
  const credentials: string[] = [];
  const run = String(runId);
  for (const { id, r, x, dedupGroup } of rows) {
    postings.push(
      id + '\t' + copyText(r.sourceKey) + '\t' + copyText(r.employer) + '\t' + copyText(r.title) + '\t' + copyText(r.naicsCode) + '\t' + copyText(r.socCode) + '\t' +
        copyText(r.countyFips) + '\t' + copyText(r.stateFips) + '\t' + copyText(r.postedDate) + '\t' + copyText(r.expiresDate) + '\t' + copyText(r.lastSeenDate) + '\t' +
        copyText(r.description) + '\t' + num(r.salaryMin) + '\t' + num(r.salaryMax) + '\t' + copyText(r.salaryUnit) + '\t' + num(r.salaryAnnual) + '\t' +
        (r.degreeLevel ?? x.degreeLevel) + '\t' + bool(r.inLieu ?? x.inLieu) + '\t' + bool(r.remote) + '\t' + dedupGroup + '\tf\t' + run + '\t' +
        copyText(r.locationMethod) + '\t' + num(r.locationConfidence) + '\t' + copyText(socSource(r)) + '\t' + copyText(r.socMethod) + '\t' + num(r.socConfidence) + '\n',
    );
    for (const l of postingLocationRows(id, r)) locations.push(l.map((v) => (typeof v === 'number' ? num(v) : copyText(v as string))).join('\t') + '\n');
    for (const m of x.skills) skills.push(id + '\t' + copyText(String(m.id)) + '\t' + MENTION_LEVEL_CODE[m.level] + '\n');
    for (const m of x.credentials) credentials.push(id + '\t' + m.id + '\t' + MENTION_LEVEL_CODE[m.level] + '\n');
  }
  return { postings: postings.join(''), skills: skills.join(''), credentials: credentials.join(''), locations: locations.join('') };
}

/** COPY one prepared text payload into `table`. */
export async function copyIn(c: PoolClient, table: string, columns: readonly string[], payload: string): Promise<void> {
  if (payload.length === 0) return;
  const stream = c.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(payload);
  });
}
