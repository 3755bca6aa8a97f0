import type ExcelJS from 'exceljs';
import { readCsv } from '../csv/reader.js';

/** A file-level problem: nothing of the file can be loaded (wrong layout, no sheet with the columns, unreadable). */
export class PublicDataFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** One data row of a table: its line (CSV line or worksheet row) and its cells by upper-cased header. */
export interface TableRow {
  line: number;
  get(column: string): string;
  has(column: string): boolean;
}

export interface TableHeader {
  /** Header cells as written (trimmed), in order. */
  columns: string[];
  /** Text of the rows above the header (titles and notes of published workbooks), joined. */
  preamble: string;
  /** Worksheet the table was read from (xlsx only). */
  sheet?: string;
}

export interface ReadTableOptions {
  file: string;
  /** True for the row that is the header (cells upper-cased and trimmed). */
  isHeader: (cells: string[]) => boolean;
  /** What the header must hold, for the file-level error when no row or sheet has it. */
  expected: string;
  /** Rows searched for the header (published workbooks put titles above it). */
  headerWithin?: number;
}

export interface Table {
  header: TableHeader;
  rows: AsyncIterable<TableRow>;
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a CSV or xlsx table (told apart by content, not by name). CSV streams; an xlsx workbook is
 * read whole (ExcelJS) and the sheet is chosen by its header, not its position, so a workbook whose
 * sheets come in another order (or with notes sheets first) still loads the right one.
 */
export async function readTable(source: AsyncIterable<Buffer | string>, opts: ReadTableOptions): Promise<Table> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest: AsyncIterable<Buffer | string> = {
    [Symbol.asyncIterator]: () => {
      let sentFirst = first.done === true;
      return {
        next: async () => {
          if (!sentFirst) {
            sentFirst = true;
            return { done: false, value: head };
          }
          return it.next();
        },
      };
    },
  };
  if (head.length >= 4 && XLSX_MAGIC.every((b, i) => head[i] === b)) return readXlsx(rest, opts);
  return readCsvTable(rest, opts);
}

async function readCsvTable(source: AsyncIterable<Buffer | string>, opts: ReadTableOptions): Promise<Table> {
  const events = readCsv(source)[Symbol.asyncIterator]();
  const within = opts.headerWithin ?? 1;
  const preamble: string[] = [];
  let columns: string[] | undefined;
  for (let i = 0; i < within; i++) {
    const ev = await events.next();
    if (ev.done) break;
    if (ev.value.kind === 'error') throw new PublicDataFileError(opts.file, `line ${ev.value.line}: ${ev.value.reason}`);
    const cells = ev.value.row.fields.map((c) => c.trim());
    if (opts.isHeader(cells.map((c) => c.toUpperCase()))) {
      columns = cells;
      break;
    }
    preamble.push(cells.join(' '));
  }
  if (!columns) throw new PublicDataFileError(opts.file, `no header row with ${opts.expected} in the first ${within} line${within === 1 ? '' : 's'}`);
  const index = headerIndex(columns);
  const issues: { line: number; reason: string }[] = [];
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const ev = await events.next();
      if (ev.done) return;
      if (ev.value.kind === 'error') {
        // A quote that never closes ran to the end of the file: every record after it is lost, so
        // the rows above it are not the file (a cut-off download). The file is refused whole.
        if (ev.value.reason.startsWith('unclosed quote')) throw new PublicDataFileError(opts.file, `line ${ev.value.line}: ${ev.value.reason}; nothing of the file is loaded`);
        issues.push(ev.value);
        yield brokenRow(ev.value.line, ev.value.reason);
        continue;
      }
      const { line, fields } = ev.value.row;
      if (fields.length === 1 && fields[0].trim() === '') continue;
      yield makeRow(line, fields, index);
    }
  }
  return { header: { columns, preamble: preamble.join('\n') }, rows: rows() };
}

async function readXlsx(source: AsyncIterable<Buffer | string>, opts: ReadTableOptions): Promise<Table> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  // exceljs is loaded on first use: most processes never read a workbook (about 0.3 s of start-up).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  } catch (e) {
    throw new PublicDataFileError(opts.file, `not a readable xlsx workbook (${(e as Error).message})`);
  }
  const within = opts.headerWithin ?? 1;
  const seen: string[] = [];
  for (const ws of wb.worksheets) {
    seen.push(ws.name);
    const preamble: string[] = [];
    const last = Math.min(ws.rowCount, within);
    for (let r = 1; r <= last; r++) {
      const cells = rowCells(ws.getRow(r));
      if (opts.isHeader(cells.map((c) => c.toUpperCase()))) {
        const index = headerIndex(cells);
        const start = r + 1;
        async function* rows(): AsyncGenerator<TableRow> {
          for (let i = start; i <= ws.rowCount; i++) {
            const values = rowCells(ws.getRow(i));
            if (values.every((v) => v === '')) continue;
            yield makeRow(i, values, index);
          }
        }
        return { header: { columns: cells, preamble: preamble.join('\n'), sheet: ws.name }, rows: rows() };
      }
      preamble.push(cells.join(' '));
    }
  }
  throw new PublicDataFileError(opts.file, `no worksheet has a header row with ${opts.expected} (sheets: ${seen.map((s) => `"${s}"`).join(', ') || 'none'})`);
}

function rowCells(row: ExcelJS.Row): string[] {
  const out: string[] = [];
  const n = row.cellCount;
  for (let c = 1; c <= n; c++) out.push(cellText(row.getCell(c).value));
  return out;
}

// Numbers become their shortest text ("1" for a CIP code Excel turned into 1, which the CIP reader
// then pads); rich text, hyperlinks and formula results are read as what they show.
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('').trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    if ('error' in v) return String(v.error);
  }
  return String(v).trim();
}

function headerIndex(columns: string[]): Map<string, number> {
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    const k = c.trim().toUpperCase();
    if (k !== '' && !index.has(k)) index.set(k, i);
  });
  return index;
}

function makeRow(line: number, fields: string[], index: Map<string, number>): TableRow {
  return {
    line,
    get: (column) => {
      const i = index.get(column);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    },
    has: (column) => index.has(column),
  };
}

function brokenRow(line: number, reason: string): TableRow & { broken: string } {
  return { line, get: () => '', has: () => false, broken: reason };
}

/** The reason a row could not be read as CSV (unclosed quote, text after a quote), if it could not. */
export function brokenReason(row: TableRow): string | undefined {
  return (row as TableRow & { broken?: string }).broken;
}
