/** n / d, or null when the denominator is 0 (a share of nothing is not 0%). */
export function share(n: number, d: number): number | null {
  if (!Number.isFinite(n) || !Number.isFinite(d) || n < 0 || d < 0) throw new RangeError(`share needs non-negative counts, got ${n}/${d}`);
  return d === 0 ? null : n / d;
}

/** Rounds for display without float noise (0.1 + 0.2 -> 0.3 at 4 places). */
export function round(x: number | null, places = 4): number | null {
  if (x === null) return null;
  const f = 10 ** places;
  return Math.round(x * f) / f;
}
