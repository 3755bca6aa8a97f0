import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
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

/**
 * Streams a workbook to `out` (not ended) with ExcelJS's streaming WorkbookWriter: each row is
 * committed (serialised into the zip) as soon as it is added, so a table of a million rows never sits
 * in memory as cells. Returns the data rows written per sheet. The provenance sheet comes last.
 */
export async function writeWorkbook(out: Writable, sheets: readonly XlsxSheet[], provenance: ProvenanceLine[] | (() => ProvenanceLine[])): Promise<number[]> {
  const zip = new PassThrough();
  const piped = pipeline(zip, out, { end: false });
  // useSharedStrings false: strings are written inline, so nothing grows with the table
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
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
        // let the zip drain into the response every few thousand rows (a slow reader holds us here)
        if (n % 2000 === 0) {
          if (zip.writableNeedDrain) await once(zip, 'drain');
          else await new Promise((r2) => setImmediate(r2));
        }
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
