import { field, readCsv } from './csv.js';
import { TaxonomyFileError } from './errors.js';

export interface NaicsRecord {
  /** Text code: 2-6 digits, or a ranged sector such as 31-33. */
  code: string;
  title: string;
  /** 2 sector, 3 subsector, 4 industry group, 5 NAICS industry, 6 national industry. */
  level: 2 | 3 | 4 | 5 | 6;
  parentCode: string | null;
  /** The sector code this code belongs to (e.g. 31-33 for 311111). */
  sector: string;
}

const CODE = /^(\d{2,6}|\d{2}-\d{2})$/;
const LEVEL_NAMES: Record<string, NaicsRecord['level']> = {
  sector: 2,
  subsector: 3,
  industry_group: 4,
  naics_industry: 5,
  national_industry: 6,
};

/** The 2-digit prefixes a ranged sector such as 31-33 covers (31, 32, 33). */
function sectorPrefixes(code: string): string[] {
  if (!code.includes('-')) return [code];
  const [a, b] = code.split('-').map(Number);
  const out: string[] = [];
  for (let p = a; p <= b; p++) out.push(String(p).padStart(2, '0'));
  return out;
}

/** Parses naics_2022_codes.csv (seq_no, naics_code, naics_title, code_level). */
export function parseNaics(text: string, file = 'naics_2022_codes.csv'): NaicsRecord[] {
  const rows = readCsv(text, file, ['naics_code', 'naics_title', 'code_level']);
  const sectorOf = new Map<string, string>();
  const parsed = rows.map((row) => {
    const code = field(row, file, 'naics_code', CODE, 'a NAICS code (2-6 digits or a range like 31-33)');
    const title = field(row, file, 'naics_title');
    const levelName = field(row, file, 'code_level');
    const level = LEVEL_NAMES[levelName];
    if (!level) throw new TaxonomyFileError(file, row.line, 'code_level', `unknown level "${levelName}"`);
    const expected = code.includes('-') ? 2 : code.length;
    if (expected !== level) throw new TaxonomyFileError(file, row.line, 'code_level', `level ${levelName} does not fit code ${code}`);
    if (level === 2) for (const p of sectorPrefixes(code)) sectorOf.set(p, code);
    return { row, code, title, level };
  });
  const codes = new Set(parsed.map((p) => p.code));
  const seen = new Set<string>();
  return parsed.map(({ row, code, title, level }) => {
    if (seen.has(code)) throw new TaxonomyFileError(file, row.line, 'naics_code', `duplicate code ${code}`);
    seen.add(code);
    const sector = level === 2 ? code : sectorOf.get(code.slice(0, 2));
    if (!sector) throw new TaxonomyFileError(file, row.line, 'naics_code', `no sector for code ${code}`);
    const parentCode = level === 2 ? null : level === 3 ? sector : code.slice(0, level - 1);
    if (parentCode && !codes.has(parentCode)) throw new TaxonomyFileError(file, row.line, 'naics_code', `parent ${parentCode} of ${code} is not in the file`);
    return { code, title, level, parentCode, sector };
  });
}

/**
 * NAICS writes three sectors as ranges (31-33 Manufacturing, 44-45 Retail Trade, 48-49
 * Transportation and Warehousing): postings grouped by the first two digits land on 31, 32, 33, ...
 * Written once for the filters (metrics and exports) and the sector titles.
 */
export const NAICS_SECTOR_RANGES: Readonly<Record<string, readonly string[]>> = { '31-33': ['31', '32', '33'], '44-45': ['44', '45'], '48-49': ['48', '49'] };
/** The range a two-digit part belongs to ('32' -> '31-33'). */
export const NAICS_RANGE_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NAICS_SECTOR_RANGES).flatMap(([range, parts]) => parts.map((p) => [p, range])),
);
/** A NAICS filter value: a code of 2 to 6 digits or a sector range. */
export const NAICS_FILTER = new RegExp(`^(\\d{2,6}|${Object.keys(NAICS_SECTOR_RANGES).join('|')})$`);
