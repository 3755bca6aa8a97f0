import { describe, expect, it } from 'vitest';
import { periodCoverage, rangeCoverage } from './period-coverage.js';

const data = { first: '2024-09', last: '2026-10', current: '2026-12' };

describe('period coverage', () => {
  it('a quarter holding one month of data (2026-Q4 with data through October) is partial: 1 of 3 months', () => {
    expect(periodCoverage('2026-10', '2026-12', { from: '2025-01', to: '2026-12' }, data)).toEqual({ months: 1, monthsInPeriod: 3, partial: true });
  });

  it('a quarter cut by the filter range is partial; a full one is not', () => {
    expect(periodCoverage('2025-01', '2025-03', { from: '2025-02', to: '2025-12' }, data)).toEqual({ months: 2, monthsInPeriod: 3, partial: true });
    expect(periodCoverage('2025-04', '2025-06', { from: '2025-02', to: '2025-12' }, data)).toEqual({ months: 3, monthsInPeriod: 3, partial: false });
  });

  it('the calendar month in progress is never complete, even when data reaches it', () => {
    const live = { first: '2024-09', last: '2026-12', current: '2026-12' };
    expect(periodCoverage('2026-12', '2026-12', { from: '2026-01', to: '2026-12' }, live).partial).toBe(true);
    expect(periodCoverage('2026-11', '2026-11', { from: '2026-01', to: '2026-12' }, live).partial).toBe(false);
  });

  it('months before the first data month are not covered; a range says how many months it covers', () => {
    expect(rangeCoverage({ from: '2024-01', to: '2024-12' }, data)).toEqual({ months: 4, monthsInPeriod: 12, partial: true, firstMonth: '2024-09', lastMonth: '2026-10' });
    expect(rangeCoverage({ from: '2025-01', to: '2025-12' }, { first: null, last: null, current: '2026-12' }).months).toBe(0);
  });
});
