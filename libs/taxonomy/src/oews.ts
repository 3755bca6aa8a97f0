import { field, readCsv, type CsvRow } from './csv.js';
import { TaxonomyFileError } from './errors.js';
import { SOC_CODE } from './soc.js';

export interface OewsRecord {
  socCode: string;
  title: string;
  year: number;
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

/** The BLS top-codes behind '#' for the May 2024 estimates. */
export const OEWS_TOP_CODE = { annual: 239_200, hourly: 115 } as const;

/**
 * Parses the OEWS national file, keeping detailed occupations only. '*' and '**' (not available)
 * become null; '#' becomes the published top-code (a lower bound) and is listed in `topCoded`.
 */
export function parseOewsNational(text: string, year = 2024, file = 'oews_national_M2024.csv'): OewsRecord[] {
  const rows = readCsv(text, file, ['OCC_CODE', 'OCC_TITLE', 'O_GROUP', 'TOT_EMP', 'A_MEAN', 'A_PCT10', 'A_PCT25', 'A_MEDIAN', 'A_PCT75', 'A_PCT90', 'H_MEDIAN']);
  const out: OewsRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.get('O_GROUP') !== 'detailed') continue;
    const socCode = field(row, file, 'OCC_CODE', SOC_CODE, 'a SOC code XX-XXXX');
    if (seen.has(socCode)) throw new TaxonomyFileError(file, row.line, 'OCC_CODE', `duplicate occupation ${socCode}`);
    seen.add(socCode);
    const topCoded: string[] = [];
    const num = (column: string, top?: number) => value(row, file, column, top, topCoded);
    out.push({
      socCode,
      title: field(row, file, 'OCC_TITLE'),
      year,
      employment: num('TOT_EMP'),
      annualMean: num('A_MEAN', OEWS_TOP_CODE.annual),
      annualP10: num('A_PCT10', OEWS_TOP_CODE.annual),
      annualP25: num('A_PCT25', OEWS_TOP_CODE.annual),
      annualMedian: num('A_MEDIAN', OEWS_TOP_CODE.annual),
      annualP75: num('A_PCT75', OEWS_TOP_CODE.annual),
      annualP90: num('A_PCT90', OEWS_TOP_CODE.annual),
      hourlyMedian: num('H_MEDIAN', OEWS_TOP_CODE.hourly),
      topCoded,
    });
  }
  return out;
}

function value(row: CsvRow, file: string, column: string, top: number | undefined, topCoded: string[]): number | null {
  const v = row.get(column).replace(/,/g, '');
  if (v === '' || v === '*' || v === '**') return null;
  if (v === '#') {
    if (top === undefined) throw new TaxonomyFileError(file, row.line, column, "'#' is only expected in wage columns");
    topCoded.push(column);
    return top;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new TaxonomyFileError(file, row.line, column, `"${v}" is not a number, '*', '**' or '#'`);
  return n;
}
