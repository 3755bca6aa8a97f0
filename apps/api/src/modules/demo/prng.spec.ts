import { describe, expect, it } from 'vitest';
import { wageAt } from './demo-postings.js';
import { Rng, WeightedPicker } from './prng.js';

describe('seeded random numbers for the demo generator', () => {
  it('repeats the same sequence for the same seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: number) => {
      const r = new Rng(seed, stream);
      return Array.from({ length: 20 }, () => r.u32());
    };
    expect(draw(42, 1)).toEqual(draw(42, 1));
    expect(draw(42, 1)).not.toEqual(draw(43, 1));
    expect(draw(42, 1)).not.toEqual(draw(42, 2));
  });

  it('draws uniformly in [0, 1) and integers in range', () => {
    const r = new Rng(1);
    const xs = Array.from({ length: 20_000 }, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 2_000 }, () => r.range(3, 7)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('picks items in proportion to their weights and never a zero-weight item', () => {
    const p = new WeightedPicker(['a', 'b', 'c'], [1, 3, 0]);
    const r = new Rng(9);
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (let i = 0; i < 40_000; i++) counts[p.pick(r)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(() => new WeightedPicker(['a'], [0])).toThrow(/sum to zero/);
  });
});

describe('wage interpolation between OEWS percentiles', () => {
  const w: [number, number, number, number, number] = [30_000, 40_000, 50_000, 70_000, 100_000];
  it('hits the published percentiles and interpolates linearly between them', () => {
    expect(wageAt(w, 0.1)).toBe(30_000);
    expect(wageAt(w, 0.5)).toBe(50_000);
    expect(wageAt(w, 0.9)).toBe(100_000);
    expect(wageAt(w, 0.375)).toBe(45_000);
  });
});
