import type { OutcomeQuarter, OutcomesRow } from '@credpulse/contracts';

export const QUARTERS = [1, 2, 4] as const;
export type QuarterAfter = (typeof QUARTERS)[number];

/** The quarter picked in the URL; "a year later" (4) by default. */
export function parseQuarter(v: string | undefined): QuarterAfter {
  const n = Number(v);
  return (QUARTERS as readonly number[]).includes(n) ? (n as QuarterAfter) : 4;
}

export function quarterOf(row: Pick<OutcomesRow, 'quarters'>, q: QuarterAfter): OutcomeQuarter | undefined {
  return row.quarters.find((x) => x.quarter === q);
}

/**
 * A wage percentile as a protected cell: withheld (null) figures of a group whose earners are
 * suppressed or under k are "suppressed", so the chart says so instead of drawing a 0.
 */
export function wageCell(row: OutcomesRow, q: QuarterAfter, pick: 'wageP25' | 'wageMedian' | 'wageP75' | 'employmentRate' | 'medianWageChange') {
  const x = quarterOf(row, q);
  const v = x?.[pick] ?? null;
  if (v !== null) return { value: v, suppressed: false };
  const hidden = row.earners.suppressed || !!x?.withData.suppressed || !!x?.employed.suppressed;
  // a null with shown counts means fewer than k people had the figure: suppressed too
  return { value: null, suppressed: hidden || (x !== undefined && (x.employed.value ?? 0) > 0) };
}

export const QUARTER_LABEL: Record<QuarterAfter, string> = { 1: '1 quarter after', 2: '2 quarters after', 4: 'a year (4 quarters) after' };
