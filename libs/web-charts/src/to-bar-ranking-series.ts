import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';

export interface BarRankingPoint {
  id: string;
  label: string;
  /** null when missing or suppressed; the bar is then absent and marked, never drawn as 0. */
  value: number | null;
  suppressed: boolean;
}

export interface BarRankingSeries {
  data: BarRankingPoint[];
  table: ChartTable;
  truncated: boolean;
}

export interface BarRankingOptions<R> {
  id: (row: R) => string;
  label: (row: R) => string;
  value: (row: R) => CellInput;
  valueLabel: string;
  categoryLabel: string;
  /** Largest first (default) or smallest first. */
  order?: 'desc' | 'asc';
  limit?: number;
  /** Extra columns shown in the table and CSV only. */
  extra?: { key: string; label: string; value: (row: R) => CellInput | string }[];
}

/** Ranks rows by value; suppressed and missing values go last (they cannot be ranked). */
export function toBarRankingSeries<R>(rows: readonly R[], o: BarRankingOptions<R>): BarRankingSeries {
  const dir = o.order === 'asc' ? 1 : -1;
  const items = rows.map((r) => ({ r, c: normalizeCell(o.value(r)), label: o.label(r) }));
  items.sort((a, b) => {
    if (a.c.value === null && b.c.value === null) return a.label.localeCompare(b.label);
    if (a.c.value === null) return 1;
    if (b.c.value === null) return -1;
    return dir * (a.c.value - b.c.value) || a.label.localeCompare(b.label);
  });
  const limit = o.limit ?? items.length;
  const shown = items.slice(0, limit);
  const extra = o.extra ?? [];
  return {
    data: shown.map(({ r, c, label }) => ({ id: o.id(r), label, value: c.value, suppressed: c.suppressed })),
    truncated: items.length > limit,
    table: {
      columns: [{ key: 'label', label: o.categoryLabel }, { key: 'value', label: o.valueLabel }, ...extra.map((e) => ({ key: e.key, label: e.label }))],
      rows: shown.map(({ r, c, label }) => [label, tableCell(c), ...extra.map((e) => extraCell(e.value(r)))]),
    },
  };
}

export function extraCell(v: CellInput | string): ChartTable['rows'][number][number] {
  return typeof v === 'string' ? v : tableCell(normalizeCell(v));
}
