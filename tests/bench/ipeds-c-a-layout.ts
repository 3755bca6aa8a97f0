// Writes IPEDS C_A files (awards by UNITID, CIP, first/second major and award level) in the official
// column layout of the IPEDS Data Center's complete data files: UNITID, CIPCODE, MAJORNUM, AWLEVEL,
// then for each count its imputation flag (X...) and the count, total / men / women for all
// recipients and for each race/ethnicity category.

const GROUPS = ['CTOTAL', 'CAIAN', 'CASIA', 'CBKAA', 'CHISP', 'CNHPI', 'CWHIT', 'C2MOR', 'CUNKN', 'CNRAL'] as const;

/** The header of a C_A file. */
export const C_A_COLUMNS: string[] = ['UNITID', 'CIPCODE', 'MAJORNUM', 'AWLEVEL', ...GROUPS.flatMap((g) => ['T', 'M', 'W'].flatMap((s) => [`X${g}${s}`, `${g}${s}`]))];

export interface CompletionRow {
  unitid: number | string;
  /** As it should appear in the file ("11.0701", "1.0000", "99"). */
  cip: string;
  majornum: number | string;
  awlevel: number | string;
  total: number | string;
  /** Men; women = total - men unless given. */
  men?: number | string;
  women?: number | string;
}

/** One C_A line: counts split over the race/ethnicity groups so each group's T = M + W and they add up to CTOTALT. */
export function completionLine(r: CompletionRow): string {
  const total = r.total;
  const numeric = typeof total === 'number';
  const men = r.men ?? (numeric ? Math.floor(total / 2) : total);
  const women = r.women ?? (numeric && typeof men === 'number' ? total - men : total);
  const cells: (string | number)[] = [r.unitid, `"${r.cip}"`, r.majornum, r.awlevel];
  for (const g of GROUPS) {
    if (g === 'CTOTAL') {
      cells.push('R', total, 'R', men, 'R', women);
    } else if (g === 'CWHIT' && numeric && typeof men === 'number' && typeof women === 'number') {
      // All recipients in one group keeps each line self-consistent without modelling demographics.
      cells.push('R', total, 'R', men, 'R', women);
    } else {
      cells.push('Z', 0, 'Z', 0, 'Z', 0);
    }
  }
  return cells.join(',');
}

export function completionsCsv(rows: CompletionRow[]): string {
  return [C_A_COLUMNS.join(','), ...rows.map(completionLine)].join('\r\n') + '\r\n';
}
