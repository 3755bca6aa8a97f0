import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvSafeText } from '@credpulse/contracts';

export type XlsxCell = string | number | boolean | Date | null;

/** One table of a workbook: a header row, then one row per record. */
export interface XlsxSheet {
  name: string;
  columns: readonly string[];
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>;
}

/** The provenance sheet: field / value lines (filters, data as of, method versions, suppression notes). */
export type ProvenanceLine = [field: string, value: XlsxCell];

export const PROVENANCE_SHEET = 'Provenance';

/** A sheet name Excel accepts (at most 31 characters, none of []:*?/\), unique within the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = (wanted.replace(/[[\]:*?/\\]+/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet').slice(0, 31);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A cell as written: text through the same formula guard as CSV (a leading = + - @ tab or CR gets
 * a single quote), numbers, booleans and dates typed, null an empty cell. Never a formula: ExcelJS
 * writes a formula only for a {formula} value, which no caller builds.
 */
export function xlsxCell(v: unknown): XlsxCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return csvSafeText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : csvSafeText(v.toString());
  if (typeof v === 'boolean' || v instanceof Date) return v;
  return csvSafeText(String(v));
}

const CHECK_EVERY_ROWS = 500;
// what a sheet may hold in memory (its stream's own buffers plus what the compressor has not taken
// yet) before the writer waits
const SHEET_BUFFER_LIMIT = 4 * 1024 * 1024;

/** A writable of Node's stream module or of readable-stream 2 (archiver's), which lacks writableLength and writableNeedDrain. */
interface AnyWritable {
  writableLength?: number;
  writableNeedDrain?: boolean;
  _writableState?: { length?: number; needDrain?: boolean };
  once(event: string, fn: () => void): unknown;
}

interface SheetStream {
  /** ExcelJS's StreamBuf: 64 KB buffers not yet handed on, and the streams it writes to (archiver's PassThrough in front of the entry's deflate). */
  buffers?: { length: number }[];
  pipes?: AnyWritable[];
}

const queued = (w: AnyWritable) => w.writableLength ?? w._writableState?.length ?? 0;
const needsDrain = (w: AnyWritable) => w.writableNeedDrain ?? w._writableState?.needDrain ?? false;

/**
 * Back-pressure for ExcelJS's streaming writer. A committed row is written into the sheet's StreamBuf,
 * which hands full 64 KB buffers to archiver's PassThrough in front of the entry's deflate stream
 * without waiting (it ignores the false that write() returns), so when rows come faster than deflate
 * compresses, that PassThrough's writable buffer grows with the table (measured: 10-13 MB after 20k
 * rows and rising; ~0.5 GB RSS at 1M rows). Here the writer waits until that buffer drains (deflate
 * only takes more when the zip, and so the response, take its output; a slow reader therefore holds
 * us too), and while archiver has not started the entry (no pipe yet), until it does. Rejects when the output fails, so a closed response never leaves us waiting.
 */
export async function sheetBackpressure(ws: unknown, zip: PassThrough, failed: Promise<unknown>): Promise<void> {
  const sb = (ws as { stream?: SheetStream }).stream;
  for (;;) {
    const pipes = sb?.pipes ?? [];
    const own = (sb?.buffers ?? []).reduce((a, b) => a + b.length, 0);
    const pending = pipes.reduce((a, p) => a + queued(p), 0);
    if (own + pending <= SHEET_BUFFER_LIMIT && !zip.writableNeedDrain) break;
    const full = pipes.find(needsDrain);
    if (full) await Promise.race([new Promise<void>((r) => full.once('drain', r)), failed]);
    else if (zip.writableNeedDrain) await Promise.race([once(zip, 'drain'), failed]);
    else await new Promise((r) => setTimeout(r, 5));
  }
  // and give the event loop a turn, so the response is written as we go
  await new Promise((r) => setImmediate(r));
}

/**
 * Streams a workbook to `out` (not ended) with ExcelJS's streaming WorkbookWriter: each row is
 * committed (serialised into the zip) as soon as it is added, so a table of a million rows never sits
 * in memory as cells. Returns the data rows written per sheet. The provenance sheet comes last.
 */
export async function writeWorkbook(out: Writable, sheets: readonly XlsxSheet[], provenance: ProvenanceLine[] | (() => ProvenanceLine[])): Promise<number[]> {
  // exceljs is loaded on first use, not at every start of the CLI or server.
  const { default: Excel } = await import('exceljs');
  const zip = new PassThrough();
  const piped = pipeline(zip, out, { end: false });
  // settles when the output fails (or ends): what a wait for back-pressure races against
  const failed = piped.then(() => undefined);
  failed.catch(() => undefined);
  // useSharedStrings false: strings are written inline, so nothing grows with the table
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
  wb.creator = 'Credential Pulse';
  const taken = new Set<string>([PROVENANCE_SHEET.toLowerCase()]);
  const counts: number[] = [];
  try {
    for (const s of sheets) {
      const ws = wb.addWorksheet(sheetName(s.name, taken));
      const header = ws.addRow(s.columns.map((c) => xlsxCell(c)));
      header.font = { bold: true };
      header.commit();
      let n = 0;
      for await (const r of s.rows) {
        ws.addRow(r.map(xlsxCell)).commit();
        n++;
        // every few hundred rows, wait for the sheet's compressor (and so the zip and the response
        // behind it) to take what was committed: see sheetBackpressure
        if (n % CHECK_EVERY_ROWS === 0) await sheetBackpressure(ws, zip, failed);
      }
      ws.commit();
      counts.push(n);
    }
    const ps = wb.addWorksheet(PROVENANCE_SHEET);
    const head = ps.addRow(['Field', 'Value']);
    head.font = { bold: true };
    head.commit();
    for (const [field, value] of typeof provenance === 'function' ? provenance() : provenance) ps.addRow([xlsxCell(field), xlsxCell(value)]).commit();
    ps.commit();
    await wb.commit();
    await piped;
  } catch (e) {
    zip.destroy(e instanceof Error ? e : new Error(String(e)));
    await piped.catch(() => undefined);
    throw e;
  }
  return counts;
}
