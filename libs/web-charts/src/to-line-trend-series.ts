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
  /**
   * x of every period the data covers only in part, with its months ("1 of 3 months"). Those points
   * sit on a dashed companion line (`<key>__partial`, also holding the last complete point so the
   * dash joins the solid line) and are null on the solid one: never drawn as a drop.
   */
  partial: Map<string, string>;
  table: ChartTable;
}

/** Key of the dashed companion line of a series (its partial periods). */
export const partialKey = (key: string): string => `${key}__partial`;

export interface PartialInfo {
  partial: boolean;
  /** Complete months of data in the period, and months in it: shown as "1 of 3 months". */
  months?: number;
  monthsInPeriod?: number;
}

/** Rows (one per period) to Recharts line data, sorted by period; several series per row. */
export function toLineTrendSeries<R>(rows: readonly R[], x: (row: R) => string, series: SeriesDef<R>[], xLabel = 'Period', partialOf?: (row: R) => PartialInfo | undefined): LineTrendSeries {
  const sorted = [...rows].sort((a, b) => (x(a) < x(b) ? -1 : x(a) > x(b) ? 1 : 0));
  const suppressed = new Set<string>();
  const partial = new Map<string, string>();
  const data: LineTrendSeries['data'] = [];
  const tableRows: ChartTable['rows'] = [];
  const plotted = series.filter((s) => !s.tableOnly);
  for (const r of sorted) {
    const point: { x: string } & Record<string, number | string | null> = { x: x(r) };
    const tr: ChartTable['rows'][number] = [x(r)];
    const p = partialOf?.(r);
    if (p?.partial) partial.set(x(r), p.months !== undefined && p.monthsInPeriod !== undefined ? `${p.months} of ${p.monthsInPeriod} months` : 'partial');
    for (const s of series) {
      const c = normalizeCell(s.value(r));
      point[s.key] = c.value;
      if (c.suppressed) suppressed.add(`${x(r)}|${s.key}`);
      tr.push(tableCell(c));
    }
    if (partialOf) tr.push(partial.get(x(r)) ?? 'complete');
    data.push(point);
    tableRows.push(tr);
  }
  if (partial.size) {
    // Move partial values to the dashed companion; the complete neighbour of a partial run holds
    // its value on both lines so the dash continues from the solid line.
    for (let i = 0; i < data.length; i++) {
      const isPartial = partial.has(data[i].x);
      for (const s of plotted) {
        const k = partialKey(s.key);
        data[i][k] = null;
        if (isPartial) {
          data[i][k] = data[i][s.key];
          data[i][s.key] = null;
        }
      }
    }
    for (let i = 0; i < data.length; i++) {
      if (partial.has(data[i].x)) continue;
      const neighbour = (i > 0 && partial.has(data[i - 1].x)) || (i + 1 < data.length && partial.has(data[i + 1].x));
      if (neighbour) for (const s of plotted) data[i][partialKey(s.key)] = data[i][s.key];
    }
  }
  return {
    data,
    series: plotted.map((s, i) => ({ key: s.key, label: s.label, color: seriesColor(i) })),
    suppressed,
    partial,
    table: {
      columns: [{ key: 'x', label: xLabel }, ...series.map((s) => ({ key: s.key, label: s.label })), ...(partialOf ? [{ key: 'coverage', label: 'Data coverage' }] : [])],
      rows: tableRows,
    },
  };
}
