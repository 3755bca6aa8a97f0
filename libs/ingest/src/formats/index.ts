import { parseCsvFormat } from '../csv/formats.js';
import { parseClr } from './clr.js';
import { parseCtdl } from './ctdl.js';
import { parseJobPosting } from './jobposting.js';
import { parseObv3 } from './obv3.js';
import { IngestFatalError, type ColumnMapping, type IngestFormat, type ParseEvent, type ParseOptions } from './types.js';

/** Parses and validates one file of the given format into normalized records, rejects and warnings. */
export function parseFile(format: IngestFormat, source: AsyncIterable<Buffer | string>, o: ParseOptions): AsyncGenerator<ParseEvent> {
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
  const allowed = ['columns', 'delimiter', 'dateFormat', 'defaults', 'values', '$comment'];
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
