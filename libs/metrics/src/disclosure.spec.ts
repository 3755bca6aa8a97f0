import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDisclosure, assertK, percentile, percentileOrSuppress, type DisclosureCell, type DisclosureGroup, type Protected } from './disclosure.js';

interface Table {
  cells: DisclosureCell[];
  groups: DisclosureGroup[];
  k: number;
}

// ---- the attacker: works only from what is published ---------------------------------------

/** Subtraction to a fixpoint: any published group with exactly one unknown member solves it. */
function subtractionAttack(groups: DisclosureGroup[], published: Map<string, Protected>): Map<string, number> {
  const known = new Map<string, number>();
  for (const [id, p] of published) if (!p.suppressed) known.set(id, p.value!);
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const g of groups) {
      if (g.total === undefined) continue;
      const members = [g.total, ...g.parts];
      const unknown = members.filter((id) => !known.has(id));
      if (unknown.length !== 1) continue;
      const x = unknown[0];
      const partsKnown = g.parts.filter((id) => id !== x).reduce((s, id) => s + known.get(id)!, 0);
      const value = x === g.total ? partsKnown : known.get(g.total)! - partsKnown;
      known.set(x, value);
      recovered.set(x, value);
      progress = true;
    }
  }
  return recovered;
}

/** Exact linear algebra over all published groups (fraction-free, BigInt): which unknowns are pinned. */
function algebraAttack(groups: DisclosureGroup[], published: Map<string, Protected>): Set<string> {
  const unknowns = [...published].filter(([, p]) => p.suppressed).map(([id]) => id);
  const col = new Map(unknowns.map((id, i) => [id, i]));
  const m: bigint[][] = [];
  for (const g of groups) {
    if (g.total === undefined) continue;
    const row = unknowns.map(() => 0n);
    [g.total, ...g.parts].forEach((id, i) => {
      const c = col.get(id);
      if (c !== undefined) row[c] += i === 0 ? 1n : -1n;
    });
    if (row.some((v) => v !== 0n)) m.push(row);
  }
  let r = 0;
  const pivotCols: number[] = [];
  for (let c = 0; c < unknowns.length && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p], m[r]];
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i][c] === 0n) continue;
      const a = m[r][c];
      const b = m[i][c];
      m[i] = m[i].map((v, j) => v * a - m[r][j] * b);
    }
    pivotCols.push(c);
    r++;
  }
  const pinned = new Set<string>();
  for (let i = 0; i < r; i++) if (m[i].filter((v) => v !== 0n).length === 1) pinned.add(unknowns[pivotCols[i]]);
  return pinned;
}

function checkProtection({ cells, groups, k }: Table): Map<string, Protected> {
  const out = applyDisclosure(cells, groups, k);
  expect(out.size).toBe(cells.length);
  for (const c of cells) {
    const p = out.get(c.id)!;
    if (p.suppressed) {
      expect(p.value).toBeNull(); // never a 0 standing in for a hidden value
    } else {
      expect(p.value).toBe(c.count); // shown values are unchanged
    }
    if (c.count > 0 && c.count < k) expect(p).toEqual({ value: null, suppressed: true, reason: 'primary' });
    if (c.count === 0) expect(p.suppressed).toBe(false);
    if (c.count >= k && p.suppressed) expect(p.reason).toBe('complementary');
  }
  expect([...subtractionAttack(groups, out).keys()]).toEqual([]);
  expect([...algebraAttack(groups, out)]).toEqual([]);
  // Complementary suppression only where needed: each complement sits in a published group with
  // another hidden cell, and a table without a primary cell hides nothing.
  const hidden = (id: string) => out.get(id)!.suppressed;
  for (const c of cells) {
    if (out.get(c.id)!.reason !== 'complementary') continue;
    const mates = groups.filter((g) => g.total !== undefined && [g.total, ...g.parts].includes(c.id));
    expect(mates.some((g) => [g.total!, ...g.parts].some((id) => id !== c.id && hidden(id)))).toBe(true);
  }
  if (!cells.some((c) => c.count > 0 && c.count < k)) expect(cells.filter((c) => hidden(c.id))).toEqual([]);
  return out;
}

// ---- random tables -------------------------------------------------------------------------

const kArb = fc.integer({ min: 3, max: 15 });
// Many small counts so that suppression patterns are dense and interesting.
const countArb = (k: number) => fc.oneof(fc.constant(0), fc.integer({ min: 1, max: k - 1 }), fc.integer({ min: k, max: 5 * k }));

// Atoms (e.g. awards per credential) and sums over random overlapping subsets of them (per skill).
const overlapping = kArb.chain((k) =>
  fc
    .tuple(fc.array(countArb(k), { minLength: 2, maxLength: 25 }), fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 40 }))
    .map(([atoms, sums]): Table => {
      const cells: DisclosureCell[] = atoms.map((count, i) => ({ id: `a${i}`, count }));
      const groups: DisclosureGroup[] = [];
      sums.forEach((picks, s) => {
        const parts = [...new Set(picks.map((x) => x % atoms.length))];
        cells.push({ id: `s${s}`, count: parts.reduce((a, i) => a + atoms[i], 0) });
        groups.push({ total: `s${s}`, parts: parts.map((i) => `a${i}`) });
      });
      return { cells, groups, k };
    }),
);

const oneD = kArb.chain((k) =>
  fc.array(countArb(k), { minLength: 1, maxLength: 8 }).map((counts): Table => {
    const cells = counts.map((count, i) => ({ id: `p${i}`, count }));
    cells.push({ id: 'T', count: counts.reduce((a, b) => a + b, 0) });
    return { cells, groups: [{ total: 'T', parts: counts.map((_, i) => `p${i}`) }], k };
  }),
);

const twoD = kArb.chain((k) =>
  fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([r, c]) => fc.array(fc.array(countArb(k), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }))
    .map((grid): Table => {
      const cells: DisclosureCell[] = [];
      const groups: DisclosureGroup[] = [];
      const rows = grid.length;
      const cols = grid[0].length;
      grid.forEach((row, i) => row.forEach((count, j) => cells.push({ id: `c${i}.${j}`, count })));
      for (let i = 0; i < rows; i++) {
        cells.push({ id: `r${i}`, count: grid[i].reduce((a, b) => a + b, 0) });
        groups.push({ total: `r${i}`, parts: grid[i].map((_, j) => `c${i}.${j}`) });
      }
      for (let j = 0; j < cols; j++) {
        cells.push({ id: `k${j}`, count: grid.reduce((s, row) => s + row[j], 0) });
        groups.push({ total: `k${j}`, parts: grid.map((_, i) => `c${i}.${j}`) });
      }
      cells.push({ id: 'T', count: grid.flat().reduce((a, b) => a + b, 0) });
      groups.push({ total: 'T', parts: grid.map((_, i) => `r${i}`) });
      groups.push({ total: 'T', parts: grid[0].map((_, j) => `k${j}`) });
      return { cells, groups, k };
    }),
);

type Tree = number | Tree[];
const treeArb = (k: number) =>
  fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, countArb(k), fc.array(tie('node'), { minLength: 1, maxLength: 4 })),
  })).node;

const nested = kArb.chain((k) =>
  treeArb(k).map((tree): Table => {
    const cells: DisclosureCell[] = [];
    const groups: DisclosureGroup[] = [];
    let next = 0;
    const walk = (t: Tree): { id: string; count: number } => {
      const id = `n${next++}`;
      if (typeof t === 'number') {
        cells.push({ id, count: t });
        return { id, count: t };
      }
      const kids = t.map(walk);
      const count = kids.reduce((s, x) => s + x.count, 0);
      cells.push({ id, count });
      groups.push({ total: id, parts: kids.map((x) => x.id) });
      return { id, count };
    };
    walk(Array.isArray(tree) ? tree : [tree]);
    return { cells, groups, k };
  }),
);

// A hierarchy crossed with a second dimension: regions (state > counties) x sexes.
const hierarchyByTwo = kArb.chain((k) =>
  fc.array(fc.tuple(countArb(k), countArb(k)), { minLength: 1, maxLength: 5 }).map((counties): Table => {
    const cells: DisclosureCell[] = [];
    const groups: DisclosureGroup[] = [];
    counties.forEach(([f, m], i) => {
      cells.push({ id: `f${i}`, count: f }, { id: `m${i}`, count: m }, { id: `t${i}`, count: f + m });
      groups.push({ total: `t${i}`, parts: [`f${i}`, `m${i}`] });
    });
    const sum = (pick: (x: [number, number]) => number) => counties.reduce((s, x) => s + pick(x), 0);
    cells.push({ id: 'F', count: sum((x) => x[0]) }, { id: 'M', count: sum((x) => x[1]) }, { id: 'S', count: sum((x) => x[0] + x[1]) });
    groups.push({ total: 'F', parts: counties.map((_, i) => `f${i}`) });
    groups.push({ total: 'M', parts: counties.map((_, i) => `m${i}`) });
    groups.push({ total: 'S', parts: counties.map((_, i) => `t${i}`) });
    groups.push({ total: 'S', parts: ['F', 'M'] });
    return { cells, groups, k };
  }),
);

describe('disclosure control resists recovery by subtraction', () => {
  it('1-D tables with a total', () => fc.assert(fc.property(oneD, (t) => void checkProtection(t)), { numRuns: 400 }));
  it('2-D tables with row, column and grand totals', () => fc.assert(fc.property(twoD, (t) => void checkProtection(t)), { numRuns: 400 }));
  it('nested hierarchies (a part of one group is the total of another)', () =>
    fc.assert(fc.property(nested, (t) => void checkProtection(t)), { numRuns: 400 }));
  it('a hierarchy crossed with a second dimension', () =>
    fc.assert(fc.property(hierarchyByTwo, (t) => void checkProtection(t)), { numRuns: 400 }));
  it('overlapping sums over shared atoms (saturation: skills summing the credentials aligned to them)', () =>
    fc.assert(fc.property(overlapping, (t) => void checkProtection(t)), { numRuns: 60 }));
});

// An outcomes-shaped answer: per group, earners E, with data D and employed M at three quarters,
// the unpublished "no data" N = E - D and "not employed" U = D - M, and a total row summing each.
const outcomesShaped = (groups: number) =>
  kArb.chain((k) =>
    fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * k }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 3, maxLength: 3 })), { minLength: groups, maxLength: groups }).map((rows): Table => {
      const cells: DisclosureCell[] = [];
      const sums: DisclosureGroup[] = [];
      const totals = new Map<string, number>();
      const add = (id: string, what: string, n: number) => {
        cells.push({ id, count: n });
        totals.set(what, (totals.get(what) ?? 0) + n);
      };
      rows.forEach(([e, qs], g) => {
        add(`${g}|E`, 'E', e);
        qs.forEach(([a, b], q) => {
          const d = Math.floor(e * a);
          const m = Math.floor(d * b);
          add(`${g}|D${q}`, `D${q}`, d);
          add(`${g}|M${q}`, `M${q}`, m);
          add(`${g}|N${q}`, `N${q}`, e - d);
          add(`${g}|U${q}`, `U${q}`, d - m);
          sums.push({ total: `${g}|E`, parts: [`${g}|D${q}`, `${g}|N${q}`] }, { total: `${g}|D${q}`, parts: [`${g}|M${q}`, `${g}|U${q}`] });
        });
      });
      for (const [what, n] of totals) {
        cells.push({ id: `*|${what}`, count: n });
        sums.push({ total: `*|${what}`, parts: rows.map((_, g) => `${g}|${what}`) });
      }
      for (let q = 0; q < 3; q++) sums.push({ total: '*|E', parts: [`*|D${q}`, `*|N${q}`] }, { total: `*|D${q}`, parts: [`*|M${q}`, `*|U${q}`] });
      return { cells, groups: sums, k };
    }),
  );

describe('the audit keeps dense rows for small systems and sparse ones for large: the same answers', () => {
  const same = ({ cells, groups, k }: Table) => {
    const dense = applyDisclosure(cells, groups, k, { denseEntries: Infinity });
    const sparse = applyDisclosure(cells, groups, k, { denseEntries: 0 });
    expect([...sparse]).toEqual([...dense]);
  };
  it('2-D tables, overlapping sums and hierarchies', () => {
    fc.assert(fc.property(twoD, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(overlapping, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(hierarchyByTwo, (t) => void same(t)), { numRuns: 150 });
  });
  it('outcomes-shaped answers: sparse rows agree with dense rows, which resist exact algebra (small), and at 120 groups', () => {
    fc.assert(
      fc.property(outcomesShaped(6), (t) => {
        same(t);
        checkProtection(t);
      }),
      { numRuns: 60 },
    );
    fc.assert(fc.property(outcomesShaped(120), (t) => void same(t)), { numRuns: 5 });
  });
});

describe('the block check (small blocks tied by long totals: nothing to audit) never changes an answer', () => {
  const same = ({ cells, groups, k }: Table) => {
    const full = applyDisclosure(cells, groups, k, { blockCheck: false });
    expect([...applyDisclosure(cells, groups, k)]).toEqual([...full]);
  };
  it('outcomes-shaped answers with totals over 12 groups resist exact algebra, and agree with the full audit', () => {
    fc.assert(
      fc.property(outcomesShaped(12), (t) => {
        same(t);
        checkProtection(t);
      }),
      { numRuns: 40 },
    );
    fc.assert(fc.property(outcomesShaped(150), (t) => void same(t)), { numRuns: 5 });
  });
  it('other shapes agree with the full audit', () => {
    fc.assert(fc.property(twoD, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(overlapping, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(nested, (t) => void same(t)), { numRuns: 150 });
  });
});

describe('skipping the components found clean in an earlier round never changes an answer', () => {
  const same = ({ cells, groups, k }: Table) => {
    const again = applyDisclosure(cells, groups, k, { cleanCache: false });
    expect([...applyDisclosure(cells, groups, k)]).toEqual([...again]);
  };
  it('overlapping sums, 2-D tables, hierarchies and outcomes-shaped answers', () => {
    fc.assert(fc.property(overlapping, (t) => void same(t)), { numRuns: 300 });
    fc.assert(fc.property(twoD, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(nested, (t) => void same(t)), { numRuns: 150 });
    fc.assert(fc.property(hierarchyByTwo, (t) => void same(t)), { numRuns: 100 });
    fc.assert(fc.property(outcomesShaped(12), (t) => void same(t)), { numRuns: 30 });
  });
  it('saturation-sized answers (600 cells, 400 overlapping sums over 200 credentials, many rounds)', () => {
    for (const start of [3, 29]) {
      let seed = start;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const cells: DisclosureCell[] = [];
      const groups: DisclosureGroup[] = [];
      const atoms = Array.from({ length: 200 }, () => (rnd() < 0.6 ? Math.floor(rnd() * 9) : Math.floor(rnd() * 100)));
      atoms.forEach((count, i) => cells.push({ id: `c${i}`, count }));
      for (let s = 0; s < 400; s++) {
        const parts = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * atoms.length)))];
        cells.push({ id: `s${s}`, count: parts.reduce((a, i) => a + atoms[i], 0) });
        groups.push({ total: `s${s}`, parts: parts.map((i) => `c${i}`) });
      }
      same({ cells, groups, k: 10 });
    }
  }, 120_000);
});

describe('disclosure control speed', () => {
  it('a saturation-shaped answer (200 atoms, 400 overlapping sums, most atoms small) is protected in under 3 s of CPU (the whole-table audit took minutes)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const cells: DisclosureCell[] = [];
    const groups: DisclosureGroup[] = [];
    const atoms = Array.from({ length: 200 }, () => (rnd() < 0.6 ? Math.floor(rnd() * 9) : Math.floor(rnd() * 100)));
    atoms.forEach((count, i) => cells.push({ id: `c${i}`, count }));
    for (let s = 0; s < 400; s++) {
      const parts = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * atoms.length)))];
      cells.push({ id: `s${s}`, count: parts.reduce((a, i) => a + atoms[i], 0) });
      groups.push({ total: `s${s}`, parts: parts.map((i) => `c${i}`) });
    }
    const c0 = process.cpuUsage();
    const out = applyDisclosure(cells, groups, 10);
    const cpuMs = process.cpuUsage(c0).user / 1000;
    // the whole-table audit took over 4 minutes on this table before it was split by component
    expect(cpuMs).toBeLessThan(3000);
    expect(subtractionAttack(groups, out).size).toBe(0);
  });
});

describe('disclosure control, worked examples', () => {
  it('hides one small group and the smallest sibling, not the total', () => {
    const out = applyDisclosure(
      [
        { id: 'a', count: 4 },
        { id: 'b', count: 30 },
        { id: 'c', count: 12 },
        { id: 'T', count: 46 },
      ],
      [{ total: 'T', parts: ['a', 'b', 'c'] }],
      10,
    );
    expect(out.get('a')).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(out.get('c')).toEqual({ value: null, suppressed: true, reason: 'complementary' });
    expect(out.get('b')).toEqual({ value: 30, suppressed: false });
    expect(out.get('T')).toEqual({ value: 46, suppressed: false });
  });

  it('hides the total when the only shown sibling is zero', () => {
    // a is hidden to protect p in T2 = p + a; in T1 = a + z the only shown sibling is a zero,
    // which hides nothing, so T1 itself goes.
    const out = applyDisclosure(
      [
        { id: 'p', count: 4 },
        { id: 'a', count: 15 },
        { id: 'z', count: 0 },
        { id: 'T1', count: 15 },
        { id: 'T2', count: 19 },
      ],
      [
        { total: 'T2', parts: ['p', 'a'] },
        { total: 'T1', parts: ['a', 'z'] },
      ],
      10,
    );
    expect(out.get('a')).toEqual({ value: null, suppressed: true, reason: 'complementary' });
    expect(out.get('z')).toEqual({ value: 0, suppressed: false });
    expect(out.get('T1')).toEqual({ value: null, suppressed: true, reason: 'complementary' });
    expect(out.get('T2')).toEqual({ value: 19, suppressed: false });
  });

  it('closes a leak that single-group subtraction misses (two suppression cycles joined by one cell)', () => {
    // Small cells form two 2x2 cycles joined by the bridge c1.2. Every row and column holds at least
    // two hidden cells, yet rows 0+1 minus columns 0+1 equals the bridge exactly.
    const grid = [
      [3, 4, 50, 60, 70],
      [5, 6, 7, 60, 70],
      [50, 60, 3, 4, 70],
      [50, 60, 5, 6, 70],
    ];
    const cells: DisclosureCell[] = [];
    const groups: DisclosureGroup[] = [];
    grid.forEach((row, i) => row.forEach((n, j) => cells.push({ id: `c${i}.${j}`, count: n })));
    grid.forEach((row, i) => {
      cells.push({ id: `r${i}`, count: row.reduce((x, y) => x + y, 0) });
      groups.push({ total: `r${i}`, parts: row.map((_, j) => `c${i}.${j}`) });
    });
    grid[0].forEach((_, j) => {
      cells.push({ id: `k${j}`, count: grid.reduce((s, row) => s + row[j], 0) });
      groups.push({ total: `k${j}`, parts: grid.map((_, i) => `c${i}.${j}`) });
    });
    const primaryOnly = new Map(cells.map((c) => [c.id, c.count < 10 ? { value: null, suppressed: true } : { value: c.count, suppressed: false }]));
    expect(subtractionAttack(groups, primaryOnly).size).toBe(0);
    expect([...algebraAttack(groups, primaryOnly)]).toEqual(['c1.2']);

    const out = checkProtection({ cells, groups, k: 10 });
    expect([...out.values()].filter((p) => p.reason === 'complementary').length).toBeGreaterThan(0);
  });

  it('two small cells in one group protect each other', () => {
    const out = applyDisclosure(
      [
        { id: 'a', count: 3 },
        { id: 'b', count: 5 },
        { id: 'c', count: 40 },
        { id: 'T', count: 48 },
      ],
      [{ total: 'T', parts: ['a', 'b', 'c'] }],
      10,
    );
    expect([...out].filter(([, p]) => p.suppressed).map(([id]) => id)).toEqual(['a', 'b']);
  });

  it('a cell at exactly k is shown; k - 1 is not', () => {
    const out = applyDisclosure(
      [
        { id: 'x', count: 10 },
        { id: 'y', count: 9 },
      ],
      [],
      10,
    );
    expect(out.get('x')!.value).toBe(10);
    expect(out.get('y')!.value).toBeNull();
  });

  it('rejects bad input with a reason', () => {
    expect(() => applyDisclosure([{ id: 'a', count: -1 }], [], 10)).toThrow(/non-negative integer/);
    expect(() => applyDisclosure([{ id: 'a', count: 1.5 }], [], 10)).toThrow(/non-negative integer/);
    expect(() => applyDisclosure([{ id: 'a', count: 1 }, { id: 'a', count: 2 }], [], 10)).toThrow(/duplicate/);
    expect(() => applyDisclosure([{ id: 'a', count: 1 }], [{ total: 'a', parts: ['zz'] }], 10)).toThrow(/unknown cell "zz"/);
  });
});

describe('k and percentiles', () => {
  it('k is an integer of at least 3', () => {
    expect(assertK(3)).toBe(3);
    expect(() => assertK(2)).toThrow(/>= 3/);
    expect(() => assertK(10.5)).toThrow();
  });

  it('percentile interpolates between closest ranks like percentile_cont', () => {
    const xs = [10, 20, 30, 40];
    expect(percentile(xs, 0.5)).toBe(25);
    expect(percentile(xs, 0.25)).toBe(17.5); // h = 0.75 -> 10 + 0.75 * 10
    expect(percentile(xs, 0.75)).toBe(32.5);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile(xs, 50)).toThrow(/fraction/);
  });

  it('percentiles of fewer than k people are withheld', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(percentileOrSuppress(nine, 0.5, 10)).toBeNull();
    expect(percentileOrSuppress([...nine, 10], 0.5, 10)).toBe(5.5);
  });
});
