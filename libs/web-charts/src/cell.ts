import type { ProtectedCount } from '@credpulse/contracts';

/** A value as it arrives from the API: a plain number, null (no data) or a disclosure-protected count. */
export type CellInput = number | null | undefined | ProtectedCount;

export interface NormalCell {
  value: number | null;
  suppressed: boolean;
}

/** What a suppressed cell says, everywhere: in tooltips, tables and CSV. Never a zero. */
export function suppressedLabel(k?: number): string {
  return `suppressed (fewer than ${k ?? 'k'} people)`;
}

export function isProtected(c: unknown): c is ProtectedCount {
  return typeof c === 'object' && c !== null && 'suppressed' in c && 'value' in c;
}

export function normalizeCell(c: CellInput): NormalCell {
  if (isProtected(c)) return c.suppressed ? { value: null, suppressed: true } : { value: finiteOrNull(c.value), suppressed: false };
  return { value: finiteOrNull(c), suppressed: false };
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** One cell of the "view as table" / CSV form of a chart. */
export type TableCell = string | number | null | { suppressed: true };

export interface ChartTable {
  columns: { key: string; label: string }[];
  rows: TableCell[][];
}

export function tableCell(c: NormalCell): TableCell {
  return c.suppressed ? { suppressed: true } : c.value;
}

export function isSuppressedCell(c: TableCell): c is { suppressed: true } {
  return typeof c === 'object' && c !== null;
}

/** Formats a table cell for display. */
export function cellText(c: TableCell, k?: number, format: (n: number) => string = formatNumber): string {
  if (isSuppressedCell(c)) return suppressedLabel(k);
  if (c === null) return 'no data';
  if (typeof c === 'number') return format(c);
  return c;
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatPercent(n: number): string {
  return `${(n * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

export function formatDollars(n: number): string {
  return n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
}

/** Axis labels are cut to one readable line; the full name stays in tooltips and the table. */
export function shortLabel(s: string, max = 30): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}
