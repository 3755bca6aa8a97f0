import { field, readCsv, type CsvRow } from './csv.js';
import { TaxonomyFileError } from './errors.js';
import { SOC_CODE } from './soc.js';

/** The employment and wage figures of one OEWS estimate, as published (markers resolved). */
export interface OewsFigures {
  employment: number | null;
  annualMean: number | null;
  annualP10: number | null;
  annualP25: number | null;
  annualMedian: number | null;
  annualP75: number | null;
  annualP90: number | null;
  hourlyMedian: number | null;
  /** Fields published as '#' (at least $115.00/hour or $239,200/year), loaded as that top-code. */
  topCoded: string[];
}

export interface OewsRecord extends OewsFigures {
  socCode: string;
  title: string;
  year: number;
}

/** The BLS top-codes behind '#' for the May 2024 estimates. */
export const OEWS_TOP_CODE = { annual: 239_200, hourly: 115 } as const;

/** Published column -> field, with the top-code a '#' in it stands for (none: '#' is not allowed there). */
export const OEWS_FIGURE_COLUMNS: readonly (readonly [column: string, key: Exclude<keyof OewsFigures, 'topCoded'>, top: number | undefined])[] = [
  ['TOT_EMP', 'employment', undefined],
  ['A_MEAN', 'annualMean', OEWS_TOP_CODE.annual],
  ['A_PCT10', 'annualP10', OEWS_TOP_CODE.annual],
  ['A_PCT25', 'annualP25', OEWS_TOP_CODE.annual],
  ['A_MEDIAN', 'annualMedian', OEWS_TOP_CODE.annual],
  ['A_PCT75', 'annualP75', OEWS_TOP_CODE.annual],
  ['A_PCT90', 'annualP90', OEWS_TOP_CODE.annual],
  ['H_MEDIAN', 'hourlyMedian', OEWS_TOP_CODE.hourly],
];

/** Why an OEWS figure could not be read: the column and the reason. */
export interface OewsFigureError {
  column: string;
  reason: string;
}

/**
 * The figures of one OEWS row, whatever the file (national, state, MSA; CSV or xlsx). Thousands
 * separators are dropped; '*', '**' and '~' (not available / not published) and blanks become null;
 * '#' becomes the published top-code (a lower bound) and is listed in `topCoded`; employment is a
 * whole number of jobs. A value that is none of these is an error naming the column.
 */
export function readOewsFigures(get: (column: string) => string): OewsFigures | OewsFigureError {
  const out: OewsFigures = { employment: null, annualMean: null, annualP10: null, annualP25: null, annualMedian: null, annualP75: null, annualP90: null, hourlyMedian: null, topCoded: [] };
  for (const [column, key, top] of OEWS_FIGURE_COLUMNS) {
    const v = get(column).trim().replace(/,/g, '');
    if (v === '' || v === '*' || v === '**' || v === '~') continue;
    if (v === '#') {
      if (top === undefined) return { column, reason: "'#' (top-coded) is only published for wages" };
      out.topCoded.push(column);
      out[key] = top;
      continue;
    }
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) return { column, reason: `"${v}" is not a number, '*', '**' or '#'` };
    out[key] = key === 'employment' ? Math.round(n) : n;
  }
  return out;
}

/**
 * Parses the OEWS national file, keeping detailed occupations only. '*' and '**' (not available)
 * become null; '#' becomes the published top-code (a lower bound) and is listed in `topCoded`.
 */
export function parseOewsNational(text: string, year = 2024, file = 'oews_national_M2024.csv'): OewsRecord[] {
  const rows = readCsv(text, file, ['OCC_CODE', 'OCC_TITLE', 'O_GROUP', ...OEWS_FIGURE_COLUMNS.map(([c]) => c)]);
  const out: OewsRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.get('O_GROUP') !== 'detailed') continue;
    const socCode = field(row, file, 'OCC_CODE', SOC_CODE, 'a SOC code XX-XXXX');
    if (seen.has(socCode)) throw new TaxonomyFileError(file, row.line, 'OCC_CODE', `duplicate occupation ${socCode}`);
    seen.add(socCode);
    out.push({ socCode, title: field(row, file, 'OCC_TITLE'), year, ...figures(row, file) });
  }
  return out;
}

function figures(row: CsvRow, file: string): OewsFigures {
  const f = readOewsFigures((c) => row.get(c));
  if ('reason' in f) throw new TaxonomyFileError(file, row.line, f.column, f.reason);
  return f;
}
