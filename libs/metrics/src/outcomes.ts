import { assertK, percentileOrSuppress } from './disclosure.js';

/** Quarters after the award reported for outcomes. */
export const OUTCOME_QUARTERS = [1, 2, 4] as const;

/** Calendar quarter as a running index (year * 4 + quarter 0..3) of an ISO date. */
export function quarterIndex(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})/.exec(isoDate);
  if (!m) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${isoDate}"`);
  return Number(m[1]) * 4 + Math.floor((Number(m[2]) - 1) / 3);
}

/** One earner's quarterly record: employed flag and earnings (null when not reported). */
export interface QuarterRecord {
  employed: boolean;
  wage: number | null;
}
export interface Earner {
  awardQuarter: number;
  quarters: ReadonlyMap<number, QuarterRecord>;
}

/** Earnings of a quarter record: reported wage, or 0 when the record says not employed. */
function earnings(r: QuarterRecord | undefined): number | null {
  if (!r) return null;
  if (r.wage !== null) return r.wage;
  return r.employed ? null : 0;
}

export interface OutcomeAt {
  quarter: number;
  /** Earners with a wage record in the quarter (the denominator). */
  withData: number;
  employed: number;
  /** employed / withData, null under k earners with data. */
  employmentRate: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  /** Earners with a wage at q and records in both quarters before the award. */
  withChange: number;
  /** Median of wage(q) - mean(wage(award-1), wage(award-2)); null under k such earners. */
  medianChange: number | null;
}

/**
 * Outcomes at q quarters after the award quarter. Wage percentiles are over employed earners with
 * a positive wage; each needs at least k earners.
 */
export function outcomeAt(earners: Earner[], q: number, k: number): OutcomeAt {
  assertK(k);
  let withData = 0;
  let employed = 0;
  const wages: number[] = [];
  const changes: number[] = [];
  for (const e of earners) {
    const r = e.quarters.get(e.awardQuarter + q);
    if (!r) continue;
    withData++;
    if (r.employed) employed++;
    if (r.employed && r.wage !== null && r.wage > 0) wages.push(r.wage);
    const after = earnings(r);
    const b1 = earnings(e.quarters.get(e.awardQuarter - 1));
    const b2 = earnings(e.quarters.get(e.awardQuarter - 2));
    if (after !== null && b1 !== null && b2 !== null) changes.push(after - (b1 + b2) / 2);
  }
  return {
    quarter: q,
    withData,
    employed,
    employmentRate: employmentRate(employed, withData, k),
    p25: percentileOrSuppress(wages, 0.25, k),
    median: percentileOrSuppress(wages, 0.5, k),
    p75: percentileOrSuppress(wages, 0.75, k),
    withChange: changes.length,
    medianChange: percentileOrSuppress(changes, 0.5, k),
  };
}

/** Earners employed / earners with data; null when fewer than k earners have data. */
export function employmentRate(employed: number, withData: number, k: number): number | null {
  assertK(k);
  if (employed > withData) throw new RangeError(`employed (${employed}) cannot exceed earners with data (${withData})`);
  return withData < k ? null : employed / withData;
}
