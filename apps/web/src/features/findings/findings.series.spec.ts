import type { Finding } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { findingNumber, findingPeriod, omittedText } from './findings.series';

const f = (unit: Finding['unit'], value: number): Finding =>
  ({ unit, value, period: { from: '2026-05', to: '2026-10' } }) as Finding;

describe('key findings as shown', () => {
  it('gives each number with its unit: points, percent change, share, ratio, count', () => {
    expect(findingNumber(f('points', -8.7))).toBe('-8.7 pts');
    expect(findingNumber(f('percent', 5.3))).toBe('+5.3%');
    expect(findingNumber(f('share', 0.4524))).toBe('45.2%');
    expect(findingNumber(f('ratio', 0.014))).toBe('0.01');
    expect(findingNumber(f('count', 2104.6))).toBe('2,105');
    expect(findingPeriod(f('count', 1))).toBe('2026-05 to 2026-10');
  });

  it('says which rules gave no finding and why', () => {
    expect(omittedText([])).toBeNull();
    expect(omittedText([{ rule: 'program-gap', reason: 'completions suppressed' }])).toBe('Not stated: program-gap (completions suppressed).');
  });
});
