import { describe, expect, it } from 'vitest';
import { monthsBetween, pathwayStep } from './pathways.js';

describe('stackable pathways', () => {
  it('counts whole months between awards', () => {
    expect(monthsBetween('2024-01-15', '2024-04-15')).toBe(3);
    expect(monthsBetween('2024-01-15', '2024-04-14')).toBe(2);
    expect(monthsBetween('2023-11-30', '2024-02-01')).toBe(2);
    expect(monthsBetween('2024-03-01', '2024-03-31')).toBe(0);
  });
  it('share and median months, withheld under k', () => {
    const months = [2, 3, 3, 4, 5, 6, 6, 7, 9, 12];
    expect(pathwayStep(40, months, 10)).toEqual({ earnersA: 40, laterB: 10, share: 0.25, medianMonths: 5.5 });
    expect(pathwayStep(40, months.slice(0, 9), 10)).toEqual({ earnersA: 40, laterB: 9, share: null, medianMonths: null });
  });
});
