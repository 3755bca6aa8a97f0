/**
 * Month arithmetic on YYYY-MM strings, written once for the api and the dashboard (periods, ranges,
 * the exclusive end of a filter's last month).
 */

/** `ym` plus `n` months (n may be negative). */
export function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included; 0 when from is after to. */
export function monthCount(from: string, to: string): number {
  if (from > to) return 0;
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** The months from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The first day after month `ym` (YYYY-MM-DD): the exclusive end of a range ending in `ym`. */
export const monthEnd = (ym: string): string => `${addMonths(ym, 1)}-01`;
