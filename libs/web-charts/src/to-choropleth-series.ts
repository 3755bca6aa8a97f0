import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';
import { NO_DATA_FILL, SEQUENTIAL, SUPPRESSED_FILL } from './palette.js';

export interface ChoroplethArea {
  fips: string;
  name: string;
  value: number | null;
  suppressed: boolean;
  fill: string;
}

export interface ChoroplethSeries {
  /** Keyed by 2-digit state or 5-digit county FIPS (leading zeros kept). */
  byFips: Map<string, ChoroplethArea>;
  /** Upper bounds of each colour class (quantiles of the shown values), ascending. */
  breaks: number[];
  legend: { label: string; fill: string }[];
  table: ChartTable;
}

/** Quantile class breaks over the known values; fewer classes when there are few distinct values. */
export function quantileBreaks(values: number[], classes = SEQUENTIAL.length): number[] {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const b = v[Math.min(v.length - 1, Math.ceil((i / classes) * v.length) - 1)];
    if (!breaks.length || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

export function classFill(value: number | null, breaks: number[]): string {
  if (value === null) return NO_DATA_FILL;
  const i = breaks.findIndex((b) => value <= b);
  const idx = i === -1 ? breaks.length - 1 : i;
  // spread the classes used over the whole palette so two classes are not two near-identical colours
  const step = breaks.length > 1 ? (SEQUENTIAL.length - 1) / (breaks.length - 1) : 0;
  return SEQUENTIAL[Math.round(idx * step)];
}

export function toChoroplethSeries<R>(
  rows: readonly R[],
  o: { fips: (r: R) => string; name: (r: R) => string; value: (r: R) => CellInput; areaLabel: string; valueLabel: string; format?: (n: number) => string },
): ChoroplethSeries {
  const items = rows.map((r) => ({ fips: o.fips(r), name: o.name(r), c: normalizeCell(o.value(r)) }));
  const breaks = quantileBreaks(items.map((i) => i.c.value).filter((v): v is number => v !== null));
  const byFips = new Map<string, ChoroplethArea>();
  for (const i of items) {
    byFips.set(i.fips, { fips: i.fips, name: i.name, value: i.c.value, suppressed: i.c.suppressed, fill: i.c.suppressed ? SUPPRESSED_FILL : classFill(i.c.value, breaks) });
  }
  const fmt = o.format ?? ((n: number) => n.toLocaleString('en-US'));
  const legend = breaks.map((b, idx) => ({ label: `${idx === 0 ? '≤ ' : `${fmt(breaks[idx - 1])} – `}${fmt(b)}`, fill: classFill(b, breaks) }));
  const sorted = [...items].sort((a, b) => (b.c.value ?? -Infinity) - (a.c.value ?? -Infinity) || a.name.localeCompare(b.name));
  return {
    byFips,
    breaks,
    legend,
    table: {
      columns: [
        { key: 'fips', label: 'FIPS' },
        { key: 'name', label: o.areaLabel },
        { key: 'value', label: o.valueLabel },
      ],
      rows: sorted.map((i) => [i.fips, i.name, tableCell(i.c)]),
    },
  };
}
