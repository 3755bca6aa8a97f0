import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';

export interface CipRecord {
  /** XX, XX.XX or XX.XXXX */
  code: string;
  title: string;
  level: 2 | 4 | 6;
  parentCode: string | null;
  definition: string | null;
}

/** A 2010 code that is not valid in CIP 2020, with the code NCES says to report under instead. */
export interface RetiredCipRecord {
  code: string;
  title: string;
  action: 'moved' | 'deleted';
  replacement: string | null;
}

export const CIP_CODE = /^\d{2}(\.\d{2}(\d{2})?)?$/;

// NCES writes codes as Excel formulas: ="01.0101"
function unwrap(v: string): string {
  const m = /^="(.*)"$/.exec(v);
  return m ? m[1] : v;
}

function levelOf(code: string): CipRecord['level'] {
  return code.length === 2 ? 2 : code.length === 5 ? 4 : 6;
}

/**
 * Parses the verbatim NCES CIPCode2020.csv. In that file the action "Moved from" marks the 2010 code
 * that moved away and "Deleted" a removed code; both are not valid CIP 2020 codes and are returned
 * separately as `retired` (with the replacement NCES names). Every other row is a 2020 code.
 */
export function parseCip(text: string, file = 'CIPCode2020.csv'): { codes: CipRecord[]; retired: RetiredCipRecord[] } {
  // ="01.0101" is not valid CSV quoting: turn the Excel formula wrapper into a plain quoted field.
  // NCES also leaves quotes inside quoted text unescaped (titled "Security and Protective Services"):
  // a quote neither after a delimiter nor before one is part of the text, so double it.
  const csv = text.replace(/(^|,)="/gm, '$1"').replace(/([^,\n])"(?=[^,\r\n])/g, '$1""');
  const rows = readCsv(csv, file, ['CIPFamily', 'CIPCode', 'Action', 'CIPTitle', 'CIPDefinition']);
  const codes: CipRecord[] = [];
  const retired: RetiredCipRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const code = unwrap(row.get('CIPCode'));
    if (!CIP_CODE.test(code)) throw new TaxonomyFileError(file, row.line, 'CIPCode', `"${code}" is not a CIP code (XX, XX.XX or XX.XXXX)`);
    if (seen.has(code)) throw new TaxonomyFileError(file, row.line, 'CIPCode', `duplicate code ${code}`);
    seen.add(code);
    const title = field(row, file, 'CIPTitle');
    const action = field(row, file, 'Action');
    const definition = row.get('CIPDefinition');
    if (action === 'Moved from' || action === 'Deleted') {
      // "Moved from 01.0309 to 01.1004" / "Deleted, Report under 45.1103" (sometimes a 2-digit series: "under 61")
      const m = /(?:to|under)\s+(\d{2}(?:\.\d{2}(?:\d{2})?)?)\b/.exec(definition);
      retired.push({ code, title, action: action === 'Deleted' ? 'deleted' : 'moved', replacement: m ? m[1] : null });
      continue;
    }
    const level = levelOf(code);
    codes.push({ code, title, level, parentCode: null, definition: definition || null });
  }
  const active = new Set(codes.map((c) => c.code));
  for (const c of codes) {
    if (c.level === 2) continue;
    const parent = c.level === 6 ? c.code.slice(0, 5) : c.code.slice(0, 2);
    // Every 2020 code's parent is itself a 2020 code in the published file; fall back to the series.
    c.parentCode = active.has(parent) ? parent : active.has(c.code.slice(0, 2)) ? c.code.slice(0, 2) : null;
  }
  return { codes, retired };
}

/**
 * Normalises the ways real records write a CIP code ("52.0301", "520301", "49-0205", "1.0101", "52.031") to
 * XX.XXXX / XX.XX / XX; returns null when it cannot be read as one.
 */
export function normalizeCipCode(raw: string): string | null {
  const s = raw.trim();
  if (CIP_CODE.test(s)) return s;
  let m = /^(\d{1,2})[.-](\d{1,4})$/.exec(s);
  if (m) {
    const series = m[1].padStart(2, '0');
    // Spreadsheets drop leading zeros of the series (1.0101) and trailing zeros of the rest (52.031)
    const rest = m[2].length <= 2 ? m[2].padEnd(2, '0') : m[2].padEnd(4, '0');
    return `${series}.${rest}`;
  }
  m = /^(\d{2})(\d{4})$/.exec(s);
  if (m) return `${m[1]}.${m[2]}`;
  return null;
}
