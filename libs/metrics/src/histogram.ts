/**
 * Percentiles of binned values: a histogram is `n` copies of each `value`, sorted by value (the
 * rollups store counts per bin; the raw path counts the same bins).
 */
export interface HistBin {
  value: number;
  n: number;
}

/** Discrete percentile (as percentile_disc): the first value whose cumulative share reaches p. */
export function histPercentile(hist: readonly HistBin[], p: number): number | null {
  const total = hist.reduce((s, h) => s + h.n, 0);
  if (total === 0) return null;
  let cum = 0;
  for (const h of hist) {
    cum += h.n;
    if (cum / total >= p) return h.value;
  }
  return hist[hist.length - 1].value;
}

/** Type-7 percentile (linear interpolation between closest ranks, as percentile_cont). */
export function histPercentileCont(hist: readonly HistBin[], p: number): number | null {
  const total = hist.reduce((s, h) => s + h.n, 0);
  return interpolateRanks(total, p, (rank) => valueAtRank(hist, rank));
}

/** Type-7 interpolation between the values at ranks floor(h) and ceil(h), h = (total - 1) p. */
function interpolateRanks(total: number, p: number, valueAt: (rank: number) => number): number | null {
  if (total === 0) return null;
  const h = (total - 1) * p;
  const lo = Math.floor(h);
  const a = valueAt(lo);
  const b = Math.ceil(h) === lo ? a : valueAt(Math.ceil(h));
  return a + (h - lo) * (b - a);
}

/**
 * histPercentileCont over dense counts: `counts[offset + j]` people in bin j (j = 0..width-1, in
 * value order, zeros allowed), bin j standing for `value(j)`; `total` their sum. The same ranks and
 * the same arithmetic as histPercentileCont over the non-zero bins, without building them.
 */
export function densePercentileCont(counts: ArrayLike<number>, offset: number, width: number, total: number, value: (j: number) => number, p: number): number | null {
  return interpolateRanks(total, p, (rank) => denseValueAtRank(counts, offset, width, rank, value));
}

function denseValueAtRank(counts: ArrayLike<number>, offset: number, width: number, rank: number, value: (j: number) => number): number {
  let cum = 0;
  let last = -1;
  for (let j = 0; j < width; j++) {
    const n = counts[offset + j];
    if (n <= 0) continue;
    cum += n;
    last = j;
    if (rank < cum) return value(j);
  }
  return value(last);
}

/** The value at 0-based rank `rank` of the sorted values. */
function valueAtRank(hist: readonly HistBin[], rank: number): number {
  let cum = 0;
  for (const x of hist) {
    cum += x.n;
    if (rank < cum) return x.value;
  }
  return hist[hist.length - 1].value;
}

/**
 * Type-7 percentile from cumulative bins: only the bins holding ranks floor(h) and ceil(h),
 * h = (total - 1) p, each with `below` (the count in lower bins) — what a database returns when it
 * ranks the histogram itself. `value` maps a bin to the value it stands for.
 */
export function rankPercentile(bins: readonly { bin: number; n: number; below: number; total: number }[], p: number, value: (bin: number) => number): number | null {
  if (!bins.length) return null;
  const h = (bins[0].total - 1) * p;
  const at = (r: number) => value(bins.find((b) => b.below <= r && r < b.below + b.n)!.bin);
  const lo = Math.floor(h);
  const a = at(lo);
  return a + (h - lo) * (at(Math.ceil(h)) - a);
}
