// Disclosure control for every figure that counts people (awards, earners, demographic groups).
//
// Rules (docs/methodology.md, "Disclosure control"):
// - primary: a cell with 0 < n < k is suppressed. A zero is published: it describes no person, and
//   hiding zeros would force complementary suppression of real figures for nothing.
// - complementary: a group is a published total and the parts that add up to it. Whenever a group
//   would leave exactly one hidden member, one more member is hidden: the smallest non-zero shown
//   part (zeros hide nothing, their value is pinned by non-negativity), else the total itself.
// - audit: the single-unknown rule above does not catch every linear recovery in 2-D tables and
//   hierarchies (a "bridge" between two suppression cycles is solvable by combining equations).
//   After the greedy pass, the whole system of published equations is reduced (Gauss-Jordan) and
//   any hidden cell that it determines gets one more complement, chosen by trial.
// Hidden cells are always null with `suppressed: true`, never 0.

export interface DisclosureCell {
  id: string;
  count: number;
}
/** Cells that add up: a total (if published) and its parts. Without a total a group says nothing. */
export interface DisclosureGroup {
  total?: string;
  parts: string[];
}
export interface Protected {
  value: number | null;
  suppressed: boolean;
  reason?: 'primary' | 'complementary';
}

export const MIN_K = 3;

/** Validates a disclosure threshold: an integer of at least 3. Returns it. */
export function assertK(k: number): number {
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new RangeError(`disclosure threshold k must be an integer >= ${MIN_K}, got ${k}`);
  }
  return k;
}

/** Applies primary and complementary suppression; returns one entry per cell id. */
export function applyDisclosure(cells: DisclosureCell[], groups: DisclosureGroup[], k: number): Map<string, Protected> {
  assertK(k);
  const count = new Map<string, number>();
  for (const c of cells) {
    if (count.has(c.id)) throw new Error(`disclosure: duplicate cell id "${c.id}"`);
    if (!Number.isInteger(c.count) || c.count < 0) {
      throw new Error(`disclosure: cell "${c.id}" must count people (a non-negative integer), got ${c.count}`);
    }
    count.set(c.id, c.count);
  }
  const equations: string[][] = [];
  for (const g of groups) {
    for (const id of g.total === undefined ? g.parts : [g.total, ...g.parts]) {
      if (!count.has(id)) throw new Error(`disclosure: group refers to unknown cell "${id}"`);
    }
    if (g.total !== undefined) equations.push([g.total, ...g.parts]);
  }

  const reason = new Map<string, 'primary' | 'complementary'>();
  for (const [id, n] of count) if (n > 0 && n < k) reason.set(id, 'primary');
  if (reason.size === 0) return result(count, reason);

  // Preference among shown members of a group: non-zero parts, smallest first (ties by id for a
  // stable answer); then the total. Zeros are never hidden.
  const preference = (eq: string[]): string[] => {
    const [total, ...parts] = eq;
    const shownParts = parts
      .filter((id) => !reason.has(id) && count.get(id)! > 0)
      .sort((a, b) => count.get(a)! - count.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    return !reason.has(total) && count.get(total)! > 0 ? [...shownParts, total] : shownParts;
  };

  for (;;) {
    greedy(equations, reason, preference);
    const determined = solvable(equations, reason);
    if (determined.size === 0) break;
    if (!complementByTrial(equations, reason, preference, [...determined][0], count)) break;
  }
  return result(count, reason);
}

function result(count: Map<string, number>, reason: Map<string, 'primary' | 'complementary'>): Map<string, Protected> {
  const out = new Map<string, Protected>();
  for (const [id, n] of count) {
    const r = reason.get(id);
    out.set(id, r ? { value: null, suppressed: true, reason: r } : { value: n, suppressed: false });
  }
  return out;
}

// Until no equation has exactly one hidden member, hide one more member of such equations.
function greedy(equations: string[][], reason: Map<string, string>, preference: (eq: string[]) => string[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const eq of equations) {
      let hidden = 0;
      for (const id of eq) if (reason.has(id)) hidden++;
      if (hidden !== 1) continue;
      const pick = preference(eq)[0];
      if (pick === undefined) continue; // only zeros left: nothing hidden here is recoverable as non-zero
      reason.set(pick, 'complementary');
      changed = true;
    }
  }
}

// When a hidden cell is still determined by combining equations, try the shown members of the
// equations touching hidden cells (by preference) until the cell is no longer determined.
function complementByTrial(
  equations: string[][],
  reason: Map<string, 'primary' | 'complementary'>,
  preference: (eq: string[]) => string[],
  target: string,
  count: Map<string, number>,
): boolean {
  const candidates: string[] = [];
  const seen = new Set<string>();
  for (const eq of equations) {
    if (!eq.some((id) => reason.has(id))) continue;
    for (const id of preference(eq)) {
      if (seen.has(id)) continue;
      seen.add(id);
      candidates.push(id);
    }
  }
  candidates.sort((a, b) => count.get(a)! - count.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  for (const id of candidates) {
    reason.set(id, 'complementary');
    if (!solvable(equations, reason).has(target)) return true;
    reason.delete(id);
  }
  // Nothing single helps: hide the best candidate and let the next round continue.
  if (candidates.length === 0) return false;
  reason.set(candidates[0], 'complementary');
  return true;
}

/**
 * Hidden cells that a reader can compute exactly from the published equations by linear
 * algebra (the same attack as the property tests, at full strength). Exported for tests and audits.
 */
export function solvable(equations: string[][], hidden: Map<string, unknown> | Set<string>): Set<string> {
  const unknowns = [...hidden.keys()];
  const col = new Map(unknowns.map((id, i) => [id, i]));
  // Each equation: total - sum(parts) = 0, restricted to the unknown columns.
  const rows: number[][] = [];
  for (const eq of equations) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    eq.forEach((id, i) => {
      const c = col.get(id);
      if (c === undefined) return;
      row[c] += i === 0 ? 1 : -1;
      any = true;
    });
    if (any) rows.push(row);
  }
  const eps = 1e-9;
  let r = 0;
  const pivots: number[] = [];
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    let p = -1;
    for (let i = r; i < rows.length; i++) {
      if (Math.abs(rows[i][c]) > eps && (p < 0 || Math.abs(rows[i][c]) > Math.abs(rows[p][c]))) p = i;
    }
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    const pv = rows[r][c];
    for (let j = 0; j < unknowns.length; j++) rows[r][j] /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === r || Math.abs(rows[i][c]) <= eps) continue;
      const f = rows[i][c];
      for (let j = 0; j < unknowns.length; j++) rows[i][j] -= f * rows[r][j];
    }
    pivots.push(c);
    r++;
  }
  const out = new Set<string>();
  for (let i = 0; i < r; i++) {
    let nonzero = 0;
    for (let j = 0; j < unknowns.length; j++) if (Math.abs(rows[i][j]) > eps) nonzero++;
    if (nonzero === 1) out.add(unknowns[pivots[i]]);
  }
  return out;
}

/**
 * Percentile by linear interpolation between closest ranks (Hyndman-Fan type 7, the same as
 * PostgreSQL percentile_cont and numpy's default). p is a fraction in [0, 1].
 */
export function percentile(values: number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be a fraction in [0, 1], got ${p}`);
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/** A percentile of people's values, or null when fewer than k people have a value. */
export function percentileOrSuppress(values: number[], p: number, k: number): number | null {
  assertK(k);
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length < k ? null : percentile(xs, p);
}
