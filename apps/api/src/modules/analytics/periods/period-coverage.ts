import { addMonths, monthCount } from '@credpulse/metrics';
import type { Coverage } from '@credpulse/contracts';

/** The months the loaded data spans (postings or awards), and the calendar month now. */
export interface DataRange {
  /** First month with postings or awards (YYYY-MM); null with no data. */
  first: string | null;
  /** Last month with postings or awards (YYYY-MM); null with no data. */
  last: string | null;
  /** The calendar month in progress (UTC): its data cannot be complete yet. */
  current: string;
}


/** Number of months from `first` to `last` inclusive (0 when last < first). */
export const monthSpan = monthCount;

/**
 * Is month m complete data? Inside the filter range, inside the loaded data's months, and not the
 * calendar month in progress. A month before the first or after the last month with data is not
 * covered: a zero there is no data, not a drop.
 */
export function monthCovered(m: string, range: { from: string; to: string }, data: DataRange): boolean {
  if (m < range.from || m > range.to) return false;
  if (data.first === null || data.last === null) return false;
  if (m < data.first || m > data.last) return false;
  return m < data.current;
}

/**
 * Coverage of the period [first, last] (the months of a quarter or year, or of the whole range):
 * how many of its months are complete data. `partial` when fewer than all: the period must be drawn
 * apart (dashed) and never read as a drop.
 */
export function periodCoverage(first: string, last: string, range: { from: string; to: string }, data: DataRange): Coverage {
  let months = 0;
  let n = 0;
  for (let m = first; m <= last; m = addMonths(m, 1)) {
    n++;
    if (monthCovered(m, range, data)) months++;
  }
  return { months, monthsInPeriod: n, partial: months < n };
}

/** Coverage of a whole filter range, with the data's first and last months (the envelope's `coverage`). */
export function rangeCoverage(range: { from: string; to: string }, data: DataRange): Coverage & { firstMonth: string | null; lastMonth: string | null } {
  return { ...periodCoverage(range.from, range.to, range, data), firstMonth: data.first, lastMonth: data.last };
}
