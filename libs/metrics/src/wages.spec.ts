import { describe, expect, it } from 'vitest';
import { advertisedAnnualPay, annualize } from './wages.js';

describe('annualisation', () => {
  it('uses 2080 hours, 260 days, 52 weeks, 12 months', () => {
    expect(annualize(25, 'hour')).toBe(52000);
    expect(annualize(200, 'day')).toBe(52000);
    expect(annualize(1000, 'week')).toBe(52000);
    expect(annualize(4000, 'month')).toBe(48000);
    expect(annualize(61000, 'year')).toBe(61000);
  });
  it('rejects unknown units and negative pay', () => {
    expect(() => annualize(1, 'fortnight' as never)).toThrow(/unknown pay unit "fortnight"/);
    expect(() => annualize(-1, 'hour')).toThrow(/non-negative/);
  });
  it('takes the midpoint of a range', () => {
    expect(advertisedAnnualPay(20, 30, 'hour')).toBe(52000);
    expect(advertisedAnnualPay(null, 5000, 'month')).toBe(60000);
    expect(advertisedAnnualPay(null, null, 'hour')).toBeNull();
  });
});
