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

/**
 * Applies primary and complementary suppression; returns one entry per cell id. `tuning` (tests):
 * `denseEntries`, the matrix size up to which the audit keeps dense rows; `blockCheck: false` skips
 * the cheap proof that a component needs no audit; `cleanCache: false` finds every component again
 * in every round. The answer depends on none of them.
 */
export function applyDisclosure(cells: DisclosureCell[], groups: DisclosureGroup[], k: number, tuning: { denseEntries?: number; blockCheck?: boolean; cleanCache?: boolean } = {}): Map<string, Protected> {
  const denseEntries = tuning.denseEntries ?? DENSE_ENTRIES;
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

  const reason: Map<string, 'primary' | 'complementary'> = new HiddenCells();
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

  // Which equations each cell appears in: the audit and the trials work per connected component
  // of hidden cells (equations sharing a hidden cell), so an answer with many small independent
  // groups never builds one big matrix.
  const eqsOf = new Map<string, number[]>();
  equations.forEach((eq, e) => {
    for (const id of eq) {
      const list = eqsOf.get(id);
      if (!list) eqsOf.set(id, [e]);
      else if (list[list.length - 1] !== e) list.push(e);
    }
  });

  // Equations that share no cell (one table of parts and its total, or several such tables side by
  // side) are independent: an equation with 0 or 2+ hidden members determines none of them, so the
  // greedy pass is already exact and the audit has nothing to find.
  if ([...eqsOf.values()].every((list) => list.length === 1)) {
    greedy(equations, reason, preference);
    return result(count, reason);
  }

  // Components found clean, by their equations and hidden cells: a later round meets most of them
  // unchanged (the audit of a component depends on nothing else when it finds no pinned cell), and
  // auditing them again cost a saturation-shaped answer ~2,000 factorisations in 30-50 rounds.
  const clean = new Set<string>();
  // The components found clean, by each of their hidden cells, with the time they were found so: a
  // later round reaching one of their cells first skips finding the component again (a walk over
  // every cell of its equations) when no cell of its equations was hidden or shown since, since it
  // is then the same component and its key is in `clean`. A saturation-shaped answer (600 cells, 400
  // overlapping sums, 30-50 rounds) spent most of its audit walking the same clean components.
  const hidden = reason as HiddenCells;
  if (tuning.cleanCache !== false) hidden.track(eqsOf, equations.length);
  const cleanComponent = new Map<string, { unknowns: string[]; equations: number[]; at: number }>();
  const found = (c: { unknowns: string[]; equations: number[] }) => {
    if (tuning.cleanCache === false) return;
    const entry = { unknowns: c.unknowns, equations: c.equations, at: hidden.time };
    for (const u of c.unknowns) cleanComponent.set(u, entry);
  };
  for (;;) {
    greedy(equations, reason, preference);
    // Audit each component of hidden cells; a component that needed a change outside itself
    // (a complement joining other equations) sends us round again, through greedy.
    let again = false;
    const done = new Set<string>();
    for (const id of [...reason.keys()]) {
      if (done.has(id) || !reason.has(id)) continue;
      const known = cleanComponent.get(id);
      if (known && hidden.unchangedSince(known.equations, known.at)) {
        for (const u of known.unknowns) done.add(u);
        continue;
      }
      const c = component(equations, eqsOf, reason, id);
      for (const u of c.unknowns) done.add(u);
      if (c.equations.length === 0) continue;
      // its equations and how many hidden cells they hold: hidden cells are only ever added, and a
      // component's cells are all the hidden cells of its equations
      const key = `${c.equations.join(',')}|${c.unknowns.length}`;
      if (clean.has(key)) {
        found(c);
        continue;
      }
      if (tuning.blockCheck !== false && provablyUnpinned(equations, reason, c)) {
        clean.add(key);
        found(c);
        continue;
      }
      const audit = auditComponent(equations, eqsOf, reason, preference, count, c, denseEntries);
      if (audit === 'again') again = true;
      else {
        clean.add(key); // 'clean': nothing changed (reason is as before the audit)
        found(c);
      }
    }
    if (!again) break;
  }
  return result(count, reason);
}

/**
 * The hidden cells (a Map of id to reason) that, once tracking, stamp each equation holding a cell
 * with the time the cell was last hidden or shown again (trials show a cell again).
 */
class HiddenCells extends Map<string, 'primary' | 'complementary'> {
  time = 0;
  private eqsOf: Map<string, number[]> | undefined;
  private stamp = new Int32Array(0);

  track(eqsOf: Map<string, number[]>, equations: number): void {
    this.eqsOf = eqsOf;
    this.stamp = new Int32Array(equations);
  }

  private touch(id: string): void {
    const eqs = this.eqsOf?.get(id);
    if (!eqs) return;
    this.time++;
    for (const e of eqs) this.stamp[e] = this.time;
  }

  override set(id: string, r: 'primary' | 'complementary'): this {
    if (this.eqsOf && !this.has(id)) this.touch(id);
    return super.set(id, r);
  }

  override delete(id: string): boolean {
    if (this.eqsOf && this.has(id)) this.touch(id);
    return super.delete(id);
  }

  /** No cell of these equations was hidden or shown after `time`. */
  unchangedSince(equations: readonly number[], time: number): boolean {
    for (const e of equations) if (this.stamp[e] > time) return false;
    return true;
  }
}

// Largest "local" equation (hidden members) and block, and most linking equations, for the check below.
const LOCAL_MAX = 8;
const BLOCK_MAX = 48;
const LINKS_MAX = 64;
/** A cell counts as free only when some null-space vector moves it by more than this (margin over EPS). */
const FREE_TOL = 1e-6;

/**
 * Whether no hidden cell of a component is pinned by its published equations, shown cheaply for
 * components made of small blocks tied by a few long equations (outcomes: each group's dozen cells
 * tied by the totals). A cell is pinned exactly when every vector z with A z = 0 (A: the equations
 * over the hidden cells) has z_x = 0. With the short equations split into blocks j (A_j, null-space
 * basis Z_j) and the long ones L (P_j: their columns of block j), the null vectors are z_j = Z_j a_j
 * with sum_j P_j Z_j a_j = 0, i.e. a in the null space of C = [P_1 Z_1 ... P_n Z_n], which has only
 * |L| rows: one small elimination instead of one over the whole component (a 1,200 x 2,000 system,
 * 10-60 ms per outcomes answer). true: every cell moves (by more than FREE_TOL) along some null
 * vector, so the full audit would find nothing to do. false: unsure (a pinned cell, or a shape this
 * does not cover): the full audit runs. It never changes an answer, only skips work.
 */
function provablyUnpinned(equations: string[][], reason: Map<string, unknown>, c: { unknowns: string[]; equations: number[] }): boolean {
  const local: Map<string, number>[] = [];
  const links: Map<string, number>[] = [];
  for (const e of c.equations) {
    const coef = new Map<string, number>();
    equations[e].forEach((id, i) => {
      if (reason.has(id)) coef.set(id, (coef.get(id) ?? 0) + (i === 0 ? 1 : -1));
    });
    for (const [id, a] of coef) if (a === 0) coef.delete(id);
    if (coef.size === 0) continue;
    (coef.size > LOCAL_MAX ? links : local).push(coef);
  }
  if (links.length > LINKS_MAX) return false;
  // blocks: the hidden cells joined by short equations
  const parent = new Map<string, string>(c.unknowns.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(x) !== r) {
      const nx = parent.get(x)!;
      parent.set(x, r);
      x = nx;
    }
    return r;
  };
  for (const eq of local) {
    let first: string | undefined;
    for (const id of eq.keys()) {
      if (!parent.has(id)) return false; // outside the component: not this shape
      if (first === undefined) first = id;
      else parent.set(find(id), find(first));
    }
  }
  const blocks = new Map<string, { cells: string[]; eqs: Map<string, number>[] }>();
  for (const id of c.unknowns) {
    const r = find(id);
    let b = blocks.get(r);
    if (!b) blocks.set(r, (b = { cells: [], eqs: [] }));
    b.cells.push(id);
    if (b.cells.length > BLOCK_MAX) return false;
  }
  for (const eq of local) blocks.get(find(eq.keys().next().value!))!.eqs.push(eq);
  // per block: a null-space basis of its short equations; where each cell sits (block, row, offset)
  const where = new Map<string, { b: number; i: number }>();
  const Z: number[][][] = [];
  const offset: number[] = [];
  let K = 0;
  for (const b of blocks.values()) {
    const bi = Z.length;
    b.cells.forEach((id, i) => where.set(id, { b: bi, i }));
    const z = nullBasis(b.eqs.map((eq) => b.cells.map((id) => eq.get(id) ?? 0)), b.cells.length);
    Z.push(z);
    offset.push(K);
    K += z[0]?.length ?? 0;
  }
  // C = [P_j Z_j], one row per long equation, reduced
  const C = links.map((eq) => {
    const row = new Float64Array(K);
    for (const [id, a] of eq) {
      const w = where.get(id);
      if (!w) return undefined;
      const zr = Z[w.b][w.i];
      for (let t = 0; t < zr.length; t++) row[offset[w.b] + t] += a * zr[t];
    }
    return row;
  });
  if (C.some((row) => row === undefined)) return false;
  const R = C as Float64Array[];
  const pivotRowOf = new Int32Array(K).fill(-1);
  reduceRows(R, K).forEach((col, row) => (pivotRowOf[col] = row));
  // Null vectors of C: one per free column f (a_f = 1, a_pivot = -R[row][f]). Cell x of block j
  // moves along it by v_f = [f in j] Z_j[x][f] - sum over pivot columns p of j of Z_j[x][p] R[row_p][f].
  for (let bi = 0; bi < Z.length; bi++) {
    const z = Z[bi];
    const k = z[0]?.length ?? 0;
    const pivots: number[] = [];
    for (let t = 0; t < k; t++) if (pivotRowOf[offset[bi] + t] >= 0) pivots.push(t);
    for (const zr of z) {
      let moves = false;
      if (pivots.length === 0) {
        for (let t = 0; t < k && !moves; t++) if (Math.abs(zr[t]) > FREE_TOL) moves = true;
      } else {
        const v = new Float64Array(K);
        for (let t = 0; t < k; t++) if (pivotRowOf[offset[bi] + t] < 0) v[offset[bi] + t] = zr[t];
        for (const t of pivots) {
          const row = R[pivotRowOf[offset[bi] + t]];
          if (zr[t] !== 0) for (let f = 0; f < K; f++) if (row[f] !== 0) v[f] -= zr[t] * row[f];
        }
        for (let f = 0; f < K && !moves; f++) if (pivotRowOf[f] < 0 && Math.abs(v[f]) > FREE_TOL) moves = true;
      }
      if (!moves) return false;
    }
  }
  return true;
}

/**
 * Gauss-Jordan elimination with partial pivoting, in place: `rows` (n columns each) end in reduced
 * row echelon form; returns the pivot column of each of the first rank rows. Zero entries of the
 * pivot row are skipped (the rows of provablyUnpinned are mostly zeros).
 */
function reduceRows(rows: (number[] | Float64Array)[], n: number): number[] {
  const pivotCols: number[] = [];
  let rank = 0;
  for (let col = 0; col < n && rank < rows.length; col++) {
    let p = -1;
    for (let i = rank; i < rows.length; i++) if (Math.abs(rows[i][col]) > EPS && (p < 0 || Math.abs(rows[i][col]) > Math.abs(rows[p][col]))) p = i;
    if (p < 0) continue;
    [rows[rank], rows[p]] = [rows[p], rows[rank]];
    const pr = rows[rank];
    const pv = pr[col];
    for (let t = 0; t < n; t++) if (pr[t] !== 0) pr[t] /= pv;
    for (let i = 0; i < rows.length; i++) {
      if (i === rank || Math.abs(rows[i][col]) <= EPS) continue;
      const ri = rows[i];
      const g = ri[col];
      for (let t = 0; t < n; t++) if (pr[t] !== 0) ri[t] -= g * pr[t];
      ri[col] = 0;
    }
    pivotCols.push(col);
    rank++;
  }
  return pivotCols;
}

/** A basis of { z : A z = 0 } for a small dense A (rows of n coefficients), as rows of Z (n x k). */
function nullBasis(A: number[][], n: number): number[][] {
  const rows = A.map((r) => [...r]);
  const pivotCols = reduceRows(rows, n);
  const isPivot = new Set(pivotCols);
  const free: number[] = [];
  for (let col = 0; col < n; col++) if (!isPivot.has(col)) free.push(col);
  const Z = Array.from({ length: n }, () => new Array<number>(free.length).fill(0));
  free.forEach((f, t) => {
    Z[f][t] = 1;
    pivotCols.forEach((pc, r) => (Z[pc][t] = -rows[r][f]));
  });
  return Z;
}

/**
 * Gauss-Jordan factorisation of one component, [R | E] with R = E * A over its equations (rows)
 * and hidden cells (columns), kept up to date as cells are hidden: each trial complement is then
 * tested with one matrix-vector product, and hiding a cell costs one elimination step at most.
 * Columns 0..cols-1 are R (the component's hidden cells, then cells hidden during the audit);
 * columns cap..cap+m-1 are E.
 * Rows hold their values densely (a small component) or as a map (a large one: an outcomes-shaped
 * answer, 200 groups x 13 cells tied by 13 totals, is a 1,200 x 3,800 matrix, mostly zeros), and
 * remember the columns they touched; each column knows the rows that may be non-zero in it. Pivots
 * visit those instead of whole rows and columns (which cost 60-250 ms per outcomes answer at 1M
 * awards). The arithmetic is the dense one's, entry for entry (zeros skipped): the same answers.
 */
interface SRow {
  /** Current position in `rows`. */
  pos: number;
  get(j: number): number;
  /** Sets column j; true when the row had not touched it before. */
  set(j: number, x: number): boolean;
  clear(j: number): void;
  /** The columns touched (values may be 0), each once. */
  touched(): Iterable<number>;
}
class DenseRow implements SRow {
  private readonly d: Float64Array;
  private readonly seen: Uint8Array;
  private readonly idx: number[] = [];
  constructor(
    public pos: number,
    width: number,
  ) {
    this.d = new Float64Array(width);
    this.seen = new Uint8Array(width);
  }
  get(j: number): number {
    return this.d[j];
  }
  set(j: number, x: number): boolean {
    this.d[j] = x;
    if (this.seen[j]) return false;
    this.seen[j] = 1;
    this.idx.push(j);
    return true;
  }
  clear(j: number): void {
    this.d[j] = 0;
  }
  touched(): Iterable<number> {
    return this.idx;
  }
}
class MapRow implements SRow {
  private readonly v = new Map<number, number>();
  constructor(public pos: number) {}
  get(j: number): number {
    return this.v.get(j) ?? 0;
  }
  set(j: number, x: number): boolean {
    const fresh = !this.v.has(j);
    this.v.set(j, x);
    return fresh;
  }
  clear(j: number): void {
    this.v.delete(j);
  }
  touched(): Iterable<number> {
    return this.v.keys();
  }
}
/** Dense rows up to this many matrix entries (4 MB), maps above. */
const DENSE_ENTRIES = 500_000;

interface Factor {
  unknowns: string[];
  rowOf: Map<number, number>;
  rows: SRow[];
  /** Per column: the rows that may be non-zero there (a superset; values are checked). Map rows only: dense rows are scanned. */
  cols: Set<SRow>[];
  dense: boolean;
  cap: number;
  /** Pivot column of row i (i < rank). */
  pivotCol: number[];
  isPivot: Uint8Array;
  /** Non-zeros of pivot row i in free columns: 0 means its pivot cell is pinned. */
  freeCount: number[];
}

const EPS = 1e-9;

function setAt(f: Factor, row: SRow, j: number, value: number): void {
  if (row.set(j, value) && !f.dense) (f.cols[j] ??= new Set()).add(row);
}

/** The rows that may be non-zero in column j. */
function rowsIn(f: Factor, j: number): Iterable<SRow> {
  return f.dense ? f.rows : (f.cols[j] ?? []);
}

function factorize(equations: string[][], reason: Map<string, unknown>, c: { unknowns: string[]; equations: number[] }, denseEntries: number): Factor {
  const n = c.unknowns.length;
  const m = c.equations.length;
  const col = new Map(c.unknowns.map((id, i) => [id, i]));
  // room for every cell of these equations that could still be hidden
  const extra = new Set<string>();
  for (const e of c.equations) for (const id of equations[e]) if (!reason.has(id)) extra.add(id);
  const cap = n + extra.size;
  const dense = (cap + m) * m <= denseEntries;
  const rowOf = new Map<number, number>();
  const f: Factor = { unknowns: [...c.unknowns], rowOf, rows: [], cols: [], dense, cap, pivotCol: [], isPivot: new Uint8Array(cap), freeCount: [] };
  c.equations.forEach((e, r) => {
    const row: SRow = dense ? new DenseRow(r, cap + m) : new MapRow(r);
    equations[e].forEach((id, i) => {
      const j = reason.has(id) ? col.get(id) : undefined;
      if (j !== undefined) setAt(f, row, j, row.get(j) + (i === 0 ? 1 : -1));
    });
    setAt(f, row, cap + r, 1);
    rowOf.set(e, r);
    f.rows.push(row);
  });
  for (let j = 0; j < n; j++) pivotOn(f, j);
  countFree(f);
  return f;
}

// Eliminates column j if some row at or below the rank has a non-zero there (largest first, the
// first such row on ties).
function pivotOn(f: Factor, j: number): boolean {
  const { rows } = f;
  const r = f.pivotCol.length;
  let p: SRow | undefined;
  let best = 0;
  for (const row of rowsIn(f, j)) {
    if (row.pos < r) continue;
    const a = Math.abs(row.get(j));
    if (a <= EPS) continue;
    if (!p || a > best || (a === best && row.pos < p.pos)) {
      p = row;
      best = a;
    }
  }
  if (!p) return false;
  const q = rows[r];
  rows[r] = p;
  rows[p.pos] = q;
  q.pos = p.pos;
  p.pos = r;
  const pv = p.get(j);
  // the pivot row is sparse: update only its non-zeros
  const nz: number[] = [];
  const nv: number[] = [];
  for (const t of p.touched()) {
    const x = p.get(t);
    if (x === 0) continue;
    nz.push(t);
    nv.push(x / pv);
  }
  for (let u = 0; u < nz.length; u++) p.set(nz[u], nv[u]);
  for (const ri of f.dense ? rows : [...rowsIn(f, j)]) {
    if (ri === p) continue;
    const g = ri.get(j);
    if (Math.abs(g) <= EPS) continue;
    for (let u = 0; u < nz.length; u++) setAt(f, ri, nz[u], ri.get(nz[u]) - g * nv[u]);
    ri.clear(j);
  }
  f.pivotCol.push(j);
  f.isPivot[j] = 1;
  return true;
}

function countFree(f: Factor): void {
  const cols = f.unknowns.length;
  f.freeCount = f.pivotCol.map((_, i) => {
    let k = 0;
    const row = f.rows[i];
    for (const j of row.touched()) if (j < cols && !f.isPivot[j] && Math.abs(row.get(j)) > EPS) k++;
    return k;
  });
}

/**
 * Finds the hidden cells of one component that the published equations pin down and hides one more
 * shown cell for each (the smallest that frees it, by trial), like the whole-table audit but without
 * a new elimination per trial: hiding y (column a_y) frees a pinned x exactly when E*a_y is zero
 * below the rank (a_y adds no rank) and non-zero in x's pivot row. When no single cell frees x, the
 * smallest candidate is hidden and the audit goes on. A cell reaching equations outside the
 * component is checked by a full elimination and ends this audit ('again': greedy runs first).
 */
function auditComponent(
  equations: string[][],
  eqsOf: Map<string, number[]>,
  reason: Map<string, 'primary' | 'complementary'>,
  preference: (eq: string[]) => string[],
  count: Map<string, number>,
  c: { unknowns: string[]; equations: number[] },
  denseEntries: number,
): 'clean' | 'again' {
  const order = new Map<string, number>();
  for (const id of reason.keys()) order.set(id, order.size);
  c.unknowns.sort((a, b) => order.get(a)! - order.get(b)!);
  const f = factorize(equations, reason, c, denseEntries);
  const m = f.rows.length;
  let candidates: string[] | undefined;
  let changed = false;
  // E * a_y, and whether y sits only in this component's equations
  const column = (y: string): { w: Float64Array; inside: boolean } => {
    const w = new Float64Array(m);
    let inside = true;
    for (const e of eqsOf.get(y) ?? []) {
      const r = f.rowOf.get(e);
      if (r === undefined) {
        inside = false;
        continue;
      }
      const coef = coefOf(equations[e], y);
      if (coef !== 0) for (const row of rowsIn(f, f.cap + r)) w[row.pos] += coef * row.get(f.cap + r);
    }
    return { w, inside };
  };
  // Hide y inside the component: a new free column, or a new pivot.
  const add = (y: string, w: Float64Array): void => {
    reason.set(y, 'complementary');
    changed = true;
    const j = f.unknowns.length;
    f.unknowns.push(y);
    for (let i = 0; i < m; i++) if (w[i] !== 0) setAt(f, f.rows[i], j, w[i]);
    if (pivotOn(f, j)) countFree(f);
    else for (let i = 0; i < f.pivotCol.length; i++) if (Math.abs(w[i]) > EPS) f.freeCount[i]++;
  };
  for (;;) {
    let tRow = -1;
    for (let i = 0; i < f.pivotCol.length; i++) {
      if (f.freeCount[i] === 0) {
        tRow = i;
        break;
      }
    }
    if (tRow < 0) return changed ? 'again' : 'clean';
    const x = f.unknowns[f.pivotCol[tRow]];
    if (!candidates) {
      const seen = new Set<string>();
      candidates = [];
      for (const eq of equations) {
        if (!eq.some((id) => reason.has(id))) continue;
        for (const id of preference(eq)) {
          if (seen.has(id)) continue;
          seen.add(id);
          candidates.push(id);
        }
      }
      candidates.sort((a, b) => count.get(a)! - count.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    }
    let chosen: { id: string; w: Float64Array } | undefined;
    for (const y of candidates) {
      if (reason.has(y)) continue;
      const eqs = eqsOf.get(y) ?? [];
      if (!eqs.some((e) => f.rowOf.has(e))) continue; // cannot touch x's component
      // x's own entry first (one row of E): most candidates stop here
      let wt = 0;
      for (const e of eqs) {
        const r = f.rowOf.get(e);
        if (r !== undefined) wt += coefOf(equations[e], y) * f.rows[tRow].get(f.cap + r);
      }
      if (Math.abs(wt) <= EPS) continue;
      const { w, inside } = column(y);
      let addsRank = false;
      for (let i = f.pivotCol.length; i < m; i++) if (Math.abs(w[i]) > EPS) addsRank = true;
      if (addsRank || Math.abs(w[tRow]) <= EPS) continue; // x stays pinned whatever the other equations say
      if (inside) {
        chosen = { id: y, w };
        break;
      }
      reason.set(y, 'complementary');
      const big = component(equations, eqsOf, reason, x);
      if (!eliminate(equations, big.equations, big.unknowns, reason).has(x)) return 'again';
      reason.delete(y);
    }
    if (chosen) {
      add(chosen.id, chosen.w);
      continue;
    }
    // Nothing single helps: hide the best candidate and go on.
    const best = candidates.find((id) => !reason.has(id));
    if (best === undefined) return changed ? 'again' : 'clean';
    const { w, inside } = column(best);
    if (!inside || f.unknowns.length >= f.cap) {
      reason.set(best, 'complementary');
      return 'again';
    }
    add(best, w);
  }
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
      for (const id of eq) if (reason.has(id) && ++hidden > 1) break;
      if (hidden !== 1) continue;
      const pick = preference(eq)[0];
      if (pick === undefined) continue; // only zeros left: nothing hidden here is recoverable as non-zero
      reason.set(pick, 'complementary');
      changed = true;
    }
  }
}

// Coefficient of a cell in "total - parts = 0".
function coefOf(eq: string[], id: string): number {
  let c = 0;
  for (let i = 0; i < eq.length; i++) if (eq[i] === id) c += i === 0 ? 1 : -1;
  return c;
}

/** The hidden cells linked to `start` through equations, and those equations (sorted). */
function component(
  equations: string[][],
  eqsOf: Map<string, number[]>,
  hidden: Map<string, unknown> | Set<string>,
  start: string,
): { unknowns: string[]; equations: number[] } {
  const unknowns = [start];
  const inC = new Set(unknowns);
  const eqs = new Set<number>();
  for (let i = 0; i < unknowns.length; i++) {
    for (const e of eqsOf.get(unknowns[i]) ?? []) {
      if (eqs.has(e)) continue;
      eqs.add(e);
      for (const id of equations[e]) {
        if (hidden.has(id) && !inC.has(id)) {
          inC.add(id);
          unknowns.push(id);
        }
      }
    }
  }
  return { unknowns, equations: [...eqs].sort((a, b) => a - b) };
}

/**
 * Hidden cells that a reader can compute exactly from the published equations by linear
 * algebra (the same attack as the property tests, at full strength). Exported for tests and audits.
 * The system is block-diagonal over connected components of hidden cells; each block is solved on
 * its own, and blocks whose every equation has one hidden member are read off without algebra.
 */
export function solvable(equations: string[][], hidden: Map<string, unknown> | Set<string>): Set<string> {
  const order = new Map<string, number>();
  for (const id of hidden.keys()) order.set(id, order.size);
  const eqsOf = new Map<string, number[]>();
  equations.forEach((eq, e) => {
    for (const id of eq) {
      if (!hidden.has(id)) continue;
      const list = eqsOf.get(id);
      if (!list) eqsOf.set(id, [e]);
      else if (list[list.length - 1] !== e) list.push(e);
    }
  });
  const done = new Set<string>();
  const found: string[] = [];
  for (const id of hidden.keys()) {
    if (done.has(id)) continue;
    const c = component(equations, eqsOf, hidden, id);
    for (const u of c.unknowns) done.add(u);
    if (c.equations.length === 0) continue;
    const sorted = c.unknowns.sort((a, b) => order.get(a)! - order.get(b)!);
    for (const u of eliminate(equations, c.equations, sorted, hidden)) found.push(u);
  }
  found.sort((a, b) => order.get(a)! - order.get(b)!);
  return new Set(found);
}

// Gauss-Jordan over the given equations restricted to `unknowns`; returns the unknowns pinned to a
// single value (a reduced row with exactly one non-zero).
function eliminate(equations: string[][], eqIdx: readonly number[], unknowns: readonly string[], hidden: Map<string, unknown> | Set<string>): Set<string> {
  const n = unknowns.length;
  const col = new Map(unknowns.map((id, i) => [id, i]));
  const rows: Float64Array[] = [];
  for (const e of eqIdx) {
    const row = new Float64Array(n);
    let any = false;
    equations[e].forEach((id, i) => {
      if (!hidden.has(id)) return;
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
  for (let c = 0; c < n && r < rows.length; c++) {
    let p = -1;
    for (let i = r; i < rows.length; i++) {
      if (Math.abs(rows[i][c]) > eps && (p < 0 || Math.abs(rows[i][c]) > Math.abs(rows[p][c]))) p = i;
    }
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    const pr = rows[r];
    const pv = pr[c];
    for (let j = c; j < n; j++) pr[j] /= pv;
    for (let i = 0; i < rows.length; i++) {
      const ri = rows[i];
      if (i === r || Math.abs(ri[c]) <= eps) continue;
      const f = ri[c];
      for (let j = c; j < n; j++) ri[j] -= f * pr[j];
    }
    pivots.push(c);
    r++;
  }
  const out = new Set<string>();
  for (let i = 0; i < r; i++) {
    let nonzero = 0;
    for (let j = 0; j < n && nonzero < 2; j++) if (Math.abs(rows[i][j]) > eps) nonzero++;
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
