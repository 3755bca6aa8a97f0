import { assertK, percentileOrSuppress } from './disclosure.js';

/** Whole calendar months from a to b (ISO dates); a partial month does not count. */
export function monthsBetween(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  let months = (pb.y - pa.y) * 12 + (pb.m - pa.m);
  if (pb.d < pa.d) months--;
  return months;
}

function parse(s: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${s}"`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export interface PathwayStep {
  /** Earners of A in the period. */
  earnersA: number;
  /** Of them, those who earned B on or after their A award. */
  laterB: number;
  /** laterB / earnersA; null unless both counts reach k. */
  share: number | null;
  /** Median whole months from A to B; null under k. */
  medianMonths: number | null;
}

/**
 * Share of A's earners who later earn B, and median months between. Each learner's first A award
 * and first B award on or after it are paired.
 */
export function pathwayStep(earnersA: number, monthsToB: number[], k: number): PathwayStep {
  assertK(k);
  const laterB = monthsToB.length;
  if (laterB > earnersA) throw new RangeError(`later earners of B (${laterB}) cannot exceed earners of A (${earnersA})`);
  const shown = earnersA >= k && laterB >= k;
  return { earnersA, laterB, share: shown ? laterB / earnersA : null, medianMonths: percentileOrSuppress(monthsToB, 0.5, k) };
}
