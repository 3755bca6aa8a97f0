import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';
import { seriesColor } from './palette.js';

export interface SeriesDef<R> {
  key: string;
  label: string;
  value: (row: R) => CellInput;
  /** Shown in the table and CSV only (e.g. the counts beside a plotted ratio). */
  tableOnly?: boolean;
}

export interface LineTrendSeries {
  /** One point per x, x ascending; a series value is null when missing or suppressed (never 0). */
  data: Array<{ x: string } & Record<string, number | string | null>>;
  series: { key: string; label: string; color: string }[];
  /** "x|key" of every suppressed point, to mark them. */
  suppressed: Set<string>;
  table: ChartTable;
}

/** Rows (one per period) to Recharts line data, sorted by period; several series per row. */
export function toLineTrendSeries<R>(rows: readonly R[], x: (row: R) => string, series: SeriesDef<R>[], xLabel = 'Period'): LineTrendSeries {
  const sorted = [...rows].sort((a, b) => (x(a) < x(b) ? -1 : x(a) > x(b) ? 1 : 0));
  const suppressed = new Set<string>();
  const data: LineTrendSeries['data'] = [];
  const tableRows: ChartTable['rows'] = [];
  for (const r of sorted) {
    const point: { x: string } & Record<string, number | string | null> = { x: x(r) };
    const tr: ChartTable['rows'][number] = [x(r)];
    for (const s of series) {
      const c = normalizeCell(s.value(r));
      point[s.key] = c.value;
      if (c.suppressed) suppressed.add(`${x(r)}|${s.key}`);
      tr.push(tableCell(c));
    }
    data.push(point);
    tableRows.push(tr);
  }
  return {
    data,
    series: series.filter((s) => !s.tableOnly).map((s, i) => ({ key: s.key, label: s.label, color: seriesColor(i) })),
    suppressed,
    table: { columns: [{ key: 'x', label: xLabel }, ...series.map((s) => ({ key: s.key, label: s.label }))], rows: tableRows },
  };
}
