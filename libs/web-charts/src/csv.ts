import { csvSafeText } from '@credpulse/contracts';
import { type ChartTable, isSuppressedCell, suppressedLabel } from './cell.js';

function quote(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV of exactly what a chart shows: the table's columns and rows, numbers unformatted,
 * suppressed cells written as the suppression label (never 0), missing values empty.
 * Text cells starting with = + - @, a tab or a carriage return are prefixed with ' so a spreadsheet
 * does not run them as formulas (OWASP CSV injection); numbers stay numbers.
 */
export function toCsv(table: ChartTable, k?: number): string {
  const lines = [table.columns.map((c) => quote(c.label)).join(',')];
  for (const row of table.rows) {
    lines.push(
      row
        .map((c) => {
          if (isSuppressedCell(c)) return quote(suppressedLabel(k));
          if (c === null) return '';
          if (typeof c === 'number') return String(c);
          return quote(csvSafeText(c));
        })
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name from a chart title: lower case, dashes, .csv. */
export function csvFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'chart'}.csv`;
}
