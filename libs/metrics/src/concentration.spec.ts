import { describe, expect, it } from 'vitest';
import { locationQuotient, shiftShare } from './concentration.js';

describe('location quotient', () => {
  it('compares the local share with the national share', () => {
    // 30 of 200 local postings vs 1,000 of 20,000 nationally: 0.15 / 0.05 = 3
    expect(locationQuotient(30, 200, 1000, 20000)).toBeCloseTo(3, 12);
    expect(locationQuotient(10, 200, 1000, 20000)).toBeCloseTo(1, 12);
  });
  it('is undefined for an empty region or an item absent nationally', () => {
    expect(locationQuotient(0, 0, 10, 100)).toBeNull();
    expect(locationQuotient(0, 10, 0, 100)).toBeNull();
  });
});

describe('shift-share', () => {
  it('splits the change into national, industry mix and competitive parts that add up', () => {
    // Region 100 -> 130 (g_ir 0.30); item nationally 1,000 -> 1,200 (g_iN 0.20); all 10,000 -> 10,500 (g_N 0.05)
    const s = shiftShare({ regionStart: 100, regionEnd: 130, itemNationStart: 1000, itemNationEnd: 1200, nationStart: 10000, nationEnd: 10500 })!;
    expect(s.national).toBeCloseTo(5, 10);
    expect(s.industryMix).toBeCloseTo(15, 10);
    expect(s.competitive).toBeCloseTo(10, 10);
    expect(s.change).toBe(30);
    expect(s.national + s.industryMix + s.competitive).toBeCloseTo(s.change, 10);
  });
  it('has no growth rate from a zero base', () => {
    expect(shiftShare({ regionStart: 0, regionEnd: 5, itemNationStart: 10, itemNationEnd: 12, nationStart: 100, nationEnd: 110 })).toBeNull();
  });
});
