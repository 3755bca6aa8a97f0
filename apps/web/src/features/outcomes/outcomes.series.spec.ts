import type { OutcomesRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { parseQuarter, wageCell } from './outcomes.series';

const shown = (n: number) => ({ value: n, suppressed: false });
const hidden = { value: null, suppressed: true };

const row = (over: Partial<OutcomesRow>): OutcomesRow => ({
  key: '1',
  label: 'CNA',
  earners: shown(40),
  quarters: [{ quarter: 4, withData: shown(30), employed: shown(25), employmentRate: 25 / 30, wageP25: 6000, wageMedian: 7000, wageP75: 8000, medianWageChange: 900 }],
  ...over,
});

describe('outcome cells', () => {
  it('defaults to a year after the award and accepts 1, 2 or 4 quarters only', () => {
    expect(parseQuarter(undefined)).toBe(4);
    expect(parseQuarter('2')).toBe(2);
    expect(parseQuarter('3')).toBe(4);
  });

  it('passes shown figures through', () => {
    expect(wageCell(row({}), 4, 'wageMedian')).toEqual({ value: 7000, suppressed: false });
  });

  it('marks withheld figures of suppressed groups as suppressed, never 0', () => {
    const r = row({ earners: hidden, quarters: [{ quarter: 4, withData: hidden, employed: hidden, employmentRate: null, wageP25: null, wageMedian: null, wageP75: null, medianWageChange: null }] });
    expect(wageCell(r, 4, 'wageMedian')).toEqual({ value: null, suppressed: true });
  });

  it('marks a percentile withheld for fewer than k employed earners as suppressed', () => {
    const r = row({ quarters: [{ quarter: 4, withData: shown(12), employed: shown(6), employmentRate: 0.5, wageP25: null, wageMedian: null, wageP75: null, medianWageChange: null }] });
    expect(wageCell(r, 4, 'wageP25').suppressed).toBe(true);
    expect(wageCell(r, 4, 'employmentRate')).toEqual({ value: 0.5, suppressed: false });
  });

  it('says no data (not suppressed) for a quarter nobody has reached yet', () => {
    expect(wageCell(row({ quarters: [] }), 4, 'wageMedian')).toEqual({ value: null, suppressed: false });
  });
});
