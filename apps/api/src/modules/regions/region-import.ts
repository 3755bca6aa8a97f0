import { HttpStatus } from '@nestjs/common';
import type { ProblemFieldError } from '@credpulse/contracts';
import { readCsv } from '@credpulse/ingest';
import { Problem } from '../../common/problem.js';
import { readCustomRegionInput } from './custom-region.input.js';

export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_REGIONS = 1000;

export interface ImportRow {
  line: number;
  name: string;
  description: string | null;
  counties: string[];
}

/**
 * Reads a region list: CSV with a header `name,counties` (optionally `description`), one region per
 * line, counties as 5-digit FIPS codes separated by spaces, semicolons or `|` (a comma would split
 * the field unless quoted). Every problem is named by line and field; the caller creates nothing
 * unless every line is good.
 */
export async function readRegionCsv(body: AsyncIterable<Buffer | string>): Promise<{ rows: ImportRow[]; errors: ProblemFieldError[] }> {
  const errors: ProblemFieldError[] = [];
  const rows: ImportRow[] = [];
  let header: string[] | null = null;
  let bytes = 0;
  async function* capped() {
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > IMPORT_MAX_BYTES) throw new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'Payload too large', `A region list is at most ${IMPORT_MAX_BYTES} bytes.`);
      yield chunk;
    }
  }
  for await (const ev of readCsv(capped())) {
    if (ev.kind === 'error') {
      errors.push({ line: ev.line, field: 'csv', reason: ev.reason });
      continue;
    }
    const { line, fields } = ev.row;
    if (!header) {
      header = fields.map((f) => f.trim().toLowerCase());
      for (const need of ['name', 'counties']) if (!header.includes(need)) errors.push({ line, field: need, reason: `the header needs a "${need}" column (name,counties[,description])` });
      for (const h of header) if (!['name', 'counties', 'description'].includes(h)) errors.push({ line, field: h, reason: `unknown column "${h}" (accepted: name, counties, description)` });
      if (errors.length) return { rows, errors };
      continue;
    }
    if (fields.every((f) => !f.trim())) continue;
    if (rows.length >= IMPORT_MAX_REGIONS) {
      errors.push({ line, field: 'name', reason: `at most ${IMPORT_MAX_REGIONS} regions in one list` });
      break;
    }
    const get = (c: string) => fields[header!.indexOf(c)] ?? '';
    const counties = get('counties').split(/[\s;|]+/).filter(Boolean);
    const description = header.includes('description') ? get('description') : undefined;
    const { input, errors: rowErrors } = readCustomRegionInput({ name: get('name'), counties, ...(description !== undefined ? { description } : {}) });
    if (!input) {
      for (const e of rowErrors) errors.push({ line, field: e.field, reason: e.reason });
      continue;
    }
    rows.push({ line, name: input.name, description: input.description ?? null, counties: input.counties });
  }
  if (!header) errors.push({ line: 1, field: 'csv', reason: 'the file is empty: a header name,counties and one line per region' });
  return { rows, errors };
}
