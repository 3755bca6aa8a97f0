import { type CellInput, type ChartTable, normalizeCell, tableCell } from './cell.js';
import { LEVEL_COLORS } from './palette.js';

export const LEVELS = [
  { key: 'required', label: 'Required', color: LEVEL_COLORS.required },
  { key: 'preferred', label: 'Preferred', color: LEVEL_COLORS.preferred },
  { key: 'in_lieu', label: 'In lieu of a degree', color: LEVEL_COLORS.in_lieu },
] as const;
export type LevelKey = (typeof LEVELS)[number]['key'];

export interface StackedLevelsPoint {
  id: string;
  label: string;
  required: number | null;
  preferred: number | null;
  in_lieu: number | null;
  total: number | null;
}

export interface StackedLevelsSeries {
  data: StackedLevelsPoint[];
  levels: typeof LEVELS;
  table: ChartTable;
}

/**
 * One bar per category, split by mention level (required / preferred / in lieu). The three levels
 * are kept apart: preferred is never folded into required. Sorted by the sum, largest first.
 */
export function toStackedLevelsSeries<R>(
  rows: readonly R[],
  o: { id: (r: R) => string; label: (r: R) => string; level: (r: R, level: LevelKey) => CellInput; categoryLabel: string; limit?: number },
): StackedLevelsSeries {
  const items = rows.map((r) => {
    const cells = Object.fromEntries(LEVELS.map((l) => [l.key, normalizeCell(o.level(r, l.key))])) as Record<LevelKey, ReturnType<typeof normalizeCell>>;
    const known = LEVELS.map((l) => cells[l.key].value).filter((v): v is number => v !== null);
    const total = known.length ? known.reduce((a, b) => a + b, 0) : null;
    return { r, cells, total, label: o.label(r) };
  });
  items.sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.label.localeCompare(b.label));
  const shown = items.slice(0, o.limit ?? items.length);
  return {
    levels: LEVELS,
    data: shown.map(({ r, cells, total, label }) => ({
      id: o.id(r),
      label,
      required: cells.required.value,
      preferred: cells.preferred.value,
      in_lieu: cells.in_lieu.value,
      total,
    })),
    table: {
      columns: [{ key: 'label', label: o.categoryLabel }, ...LEVELS.map((l) => ({ key: l.key, label: l.label }))],
      rows: shown.map(({ cells, label }) => [label, ...LEVELS.map((l) => tableCell(cells[l.key]))]),
    },
  };
}
