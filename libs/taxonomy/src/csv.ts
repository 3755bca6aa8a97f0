import { parse } from 'csv-parse/sync';
import { TaxonomyFileError } from './errors.js';

/** One CSV record with its 1-based line number in the file (the header is line 1). */
export interface CsvRow {
  line: number;
  get(column: string): string;
}

/**
 * Parses a CSV text with a header row. Every required column must be present; values are trimmed.
 * Errors name the file and, where known, the line.
 */
export function readCsv(text: string, file: string, required: readonly string[]): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_quotes: false }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new TaxonomyFileError(file, err.lines, undefined, `not valid CSV: ${err.message ?? String(e)}`);
  }
  if (records.length === 0) throw new TaxonomyFileError(file, 1, undefined, 'the file is empty (a header row is expected)');
  const header = records[0].record.map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  for (const col of required) {
    if (!index.has(col)) throw new TaxonomyFileError(file, 1, col, `missing column "${col}" (found: ${header.join(', ')})`);
  }
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    if (record.length !== header.length) {
      throw new TaxonomyFileError(file, info.lines, undefined, `expected ${header.length} columns, found ${record.length}`);
    }
    rows.push({
      line: info.lines,
      get: (column: string) => {
        const i = index.get(column);
        if (i === undefined) throw new TaxonomyFileError(file, info.lines, column, `unknown column "${column}"`);
        return record[i].trim();
      },
    });
  }
  return rows;
}

/** Reads a required value that must match a pattern, or throws naming file, line and field. */
export function field(row: CsvRow, file: string, column: string, pattern?: RegExp, what?: string): string {
  const v = row.get(column);
  if (v === '') throw new TaxonomyFileError(file, row.line, column, 'value is empty');
  if (pattern && !pattern.test(v)) throw new TaxonomyFileError(file, row.line, column, `"${v}" is not ${what ?? `in the form ${pattern.source}`}`);
  return v;
}
