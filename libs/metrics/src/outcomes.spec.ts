import { describe, expect, it } from 'vitest';
import { employmentRate, outcomeAt, quarterIndex, type Earner } from './outcomes.js';

const q = (d: string) => quarterIndex(d);

function earner(award: string, records: Record<string, [boolean, number | null]>): Earner {
  return { awardQuarter: q(award), quarters: new Map(Object.entries(records).map(([d, [employed, wage]]) => [q(d), { employed, wage }])) };
}

describe('outcomes after the award', () => {
  it('quarter index counts calendar quarters', () => {
    expect(q('2024-03-31') + 1).toBe(q('2024-04-01'));
    expect(q('2024-12-01') + 1).toBe(q('2025-01-15'));
  });

  it('employment rate, wage percentiles and median change at 1 quarter, by hand', () => {
    // 10 earners awarded in 2024Q2; at 2024Q3 eight employed with wages 1000..8000, two not employed.
    // Before the award (2023Q4 and 2024Q1) each earned 500 and 700 -> mean 600.
    const earners = Array.from({ length: 10 }, (_, i) =>
      earner('2024-05-10', {
        '2023-10-01': [true, 500],
        '2024-01-01': [true, 700],
        '2024-07-01': i < 8 ? [true, (i + 1) * 1000] : [false, null],
      }),
    );
    const o = outcomeAt(earners, 1, 10);
    expect(o.withData).toBe(10);
    expect(o.employed).toBe(8);
    expect(o.employmentRate).toBe(0.8);
    // wages 1000..8000, n = 8: p25 at h = 1.75 -> 2750; median at 3.5 -> 4500; p75 at 5.25 -> 6250
    // but only 8 employed earners < k = 10: percentiles withheld
    expect([o.p25, o.median, o.p75]).toEqual([null, null, null]);
    const o3 = outcomeAt(earners, 1, 8);
    expect([o3.p25, o3.median, o3.p75]).toEqual([2750, 4500, 6250]);
    // changes: 400, 1400, ..., 7400 and -600, -600 (not employed = 0 earnings); sorted middle pair 2400, 3400
    expect(o.withChange).toBe(10);
    expect(o.medianChange).toBe(2900);
  });

  it('earners without a record in the quarter are not in the denominator', () => {
    const earners = [earner('2024-05-10', { '2024-07-01': [true, 100] }), earner('2024-05-10', {})];
    const o = outcomeAt(earners, 1, 3);
    expect(o.withData).toBe(1);
    expect(o.employmentRate).toBeNull(); // 1 earner with data < k
    expect(employmentRate(7, 10, 10)).toBe(0.7);
    expect(() => employmentRate(11, 10, 10)).toThrow(/cannot exceed/);
  });
});
