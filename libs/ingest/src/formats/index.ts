import { parseCsvFormat } from '../csv/formats.js';
import { parseClr } from './clr.js';
import { parseCtdl } from './ctdl.js';
import { parseJobPosting } from './jobposting.js';
import { parseObv3 } from './obv3.js';
import { MAX_FIELD_CHARS, mb } from './limits.js';
import { IngestFatalError, type ColumnMapping, type IngestFormat, type ParseEvent, type ParseOptions } from './types.js';

/**
 * Parses and validates one file of the given format into normalized records, rejects and warnings.
 * Every format passes through guardEvents: a record holding a NUL character or a value over
 * MAX_FIELD_CHARS is rejected on its own (PostgreSQL text cannot hold NUL: one such value used to
 * fail the whole file).
 */
export function parseFile(format: IngestFormat, source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  return guardEvents(parseFormat(format, source, o), o.file);
}

/** Where in a normalized record a value breaks a rule, as a field path (`title`, `mentions/2/name`), or undefined. */
export function badValue(v: unknown, path = ''): { field: string; reason: string } | undefined {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) return { field: path || '(record)', reason: 'contains a NUL character (U+0000), which text cannot hold' };
    if (v.length > MAX_FIELD_CHARS) return { field: path || '(record)', reason: `longer than ${mb(MAX_FIELD_CHARS)} (${v.length.toLocaleString('en-US')} characters)` };
    return undefined;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const b = badValue(v[i], path ? `${path}/${i}` : String(i));
      if (b) return b;
    }
    return undefined;
  }
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v)) {
      const b = badValue(x, path ? `${path}/${k}` : k);
      if (b) return b;
    }
  }
  return undefined;
}

// Issues and raw text are stored as text and jsonb: a NUL from the file must not reach them either.
const clean = (s: string) => (s.includes('\u0000') ? s.replace(/\u0000/g, '\\0') : s);
const cleanIssue = <T extends { field: string; reason: string; pointer?: string; file: string }>(i: T): T =>
  ({ ...i, file: clean(i.file), field: clean(i.field), reason: clean(i.reason), ...(i.pointer !== undefined ? { pointer: clean(i.pointer) } : {}) });

/** The URL when it is an absolute http(s) URL, else undefined (javascript:, data:, file: and the rest). */
export function httpUrl(s: string): string | undefined {
  try {
    const u = new URL(s.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drops every `url` of a record that is not http(s): the dashboard links them, and a javascript:
 * URL from a third-party feed must never become a link. Returns the paths dropped.
 */
export function dropUnsafeUrls(v: unknown, path = '', dropped: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x, i) => dropUnsafeUrls(x, path ? `${path}/${i}` : String(i), dropped));
  else if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      const p = path ? `${path}/${k}` : k;
      if (k === 'url' && typeof x === 'string') {
        const safe = httpUrl(x);
        if (safe === undefined) {
          delete o[k];
          dropped.push(p);
        }
      } else dropUnsafeUrls(x, p, dropped);
    }
  }
  return dropped;
}

async function* guardEvents(events: AsyncGenerator<ParseEvent>, file: string): AsyncGenerator<ParseEvent> {
  for await (const ev of events) {
    if (ev.type === 'record') {
      const bad = badValue(ev.record);
      if (bad) {
        yield { type: 'reject', issues: [{ file, ...ev.loc, field: bad.field, reason: bad.reason }], loc: ev.loc };
        continue;
      }
      for (const field of dropUnsafeUrls(ev.record)) {
        yield { type: 'warning', issue: { file, ...ev.loc, field, reason: 'not an http(s) URL (javascript:, data: and other schemes are dropped); the record is kept without it' } };
      }
      yield ev;
    } else if (ev.type === 'reject') {
      yield { ...ev, issues: ev.issues.map(cleanIssue), ...(ev.raw !== undefined ? { raw: clean(ev.raw) } : {}) };
    } else yield { ...ev, issue: cleanIssue(ev.issue) };
  }
}

function parseFormat(format: IngestFormat, source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
  switch (format) {
    case 'obv3':
      return parseObv3(source, o);
    case 'clr':
      return parseClr(source, o);
    case 'ctdl':
      return parseCtdl(source, o);
    case 'jobposting':
      return parseJobPosting(source, o);
    case 'postings-csv':
    case 'awards-csv':
    case 'outcomes-csv':
    case 'credentials-csv':
      return parseCsvFormat(format, source, o);
  }
}

const DATE_FORMATS = ['ISO', 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYYMMDD'];

/** Reads and checks a --mapping file's JSON; a bad mapping is a fatal error naming the key. */
export function parseMapping(json: string, file: string): ColumnMapping {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new IngestFatalError(`${file}: the mapping is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new IngestFatalError(`${file}: the mapping must be a JSON object`);
  const m = v as Record<string, unknown>;
  // format and description: what a shipped preset (libs/ingest/presets) says about itself
  const allowed = ['columns', 'delimiter', 'dateFormat', 'defaults', 'values', 'format', 'description', '$comment'];
  for (const k of Object.keys(m)) if (!allowed.includes(k)) throw new IngestFatalError(`${file}: /${k}: unknown key; allowed: ${allowed.join(', ')}`);
  const strMap = (key: string, allowArray: boolean) => {
    const x = m[key];
    if (x === undefined) return;
    if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new IngestFatalError(`${file}: /${key}: expected an object`);
    for (const [k, val] of Object.entries(x)) {
      const ok = typeof val === 'string' || (allowArray && Array.isArray(val) && val.every((s) => typeof s === 'string'));
      if (!ok) throw new IngestFatalError(`${file}: /${key}/${k}: expected a string${allowArray ? ' or an array of strings' : ''}`);
    }
  };
  strMap('columns', true);
  strMap('defaults', false);
  if (m.values !== undefined) {
    if (typeof m.values !== 'object' || m.values === null) throw new IngestFatalError(`${file}: /values: expected an object of objects`);
    for (const [k, val] of Object.entries(m.values)) {
      if (typeof val !== 'object' || val === null || Object.values(val).some((s) => typeof s !== 'string')) throw new IngestFatalError(`${file}: /values/${k}: expected an object of strings`);
    }
  }
  if (m.delimiter !== undefined && (typeof m.delimiter !== 'string' || m.delimiter.length !== 1)) throw new IngestFatalError(`${file}: /delimiter: expected one character, e.g. ";" or "\\t"`);
  if (m.dateFormat !== undefined && !DATE_FORMATS.includes(m.dateFormat as string)) throw new IngestFatalError(`${file}: /dateFormat: expected one of ${DATE_FORMATS.join(', ')}`);
  return m as ColumnMapping;
}
