import { describe, expect, it } from 'vitest';
import { applyFilters, describeScope, parseFilters, periodPartial, splitPeriods, toApiParams } from './filters';

describe('filters in the URL', () => {
  it('reads every filter from a shared link', () => {
    const f = parseFilters(new URLSearchParams('region=county:06001&from=2024-01&to=2024-06&naics=62&soc=29-1141&cip=51.3901&credential=12&skill=onet:python&granularity=quarter&groupBy=naics3'));
    expect(f).toEqual({ region: 'county:06001', from: '2024-01', to: '2024-06', naics: '62', soc: '29-1141', cip: '51.3901', credential: '12', skill: 'onet:python', granularity: 'quarter', groupBy: 'naics3' });
  });

  it('drops malformed months, regions and granularities instead of sending them to the server', () => {
    expect(parseFilters(new URLSearchParams('from=2024-13&to=24-01&region=state:6&granularity=week'))).toEqual({});
  });

  it('changes one filter and keeps the others, removing cleared ones', () => {
    const next = applyFilters(new URLSearchParams('region=state:06&from=2024-01&naics=62'), { naics: '621', from: '' });
    expect(next.toString()).toBe('region=state%3A06&naics=621');
  });

  it('passes only the requested filters to an endpoint', () => {
    expect(toApiParams({ region: 'state:06', cip: '11.0101', groupBy: 'soc' }, ['region', 'groupBy'])).toEqual({ region: 'state:06', groupBy: 'soc' });
  });

  it('says where and when a view is looking, for empty states', () => {
    expect(describeScope({ region: 'county:06001', from: '2024-01', to: '2024-01' }, 'Alameda County, CA')).toBe('in Alameda County, CA for 2024-01');
    expect(describeScope({})).toBe('in the United States for the latest 12 months');
  });

  it('splits a month range into calendar quarters and years, clipped to the range', () => {
    expect(splitPeriods('2024-02', '2024-08', 'quarter')).toEqual([
      { label: '2024-Q1', from: '2024-02', to: '2024-03' },
      { label: '2024-Q2', from: '2024-04', to: '2024-06' },
      { label: '2024-Q3', from: '2024-07', to: '2024-08' },
    ]);
    expect(splitPeriods('2024-11', '2026-02', 'year').map((p) => [p.label, p.from, p.to])).toEqual([
      ['2024', '2024-11', '2024-12'],
      ['2025', '2025-01', '2025-12'],
      ['2026', '2026-01', '2026-02'],
    ]);
    expect(splitPeriods('2025-05', '2025-01', 'year')).toEqual([]);
  });

  it('calls a quarter partial from the months its answer covers, also when the range cut it (2024-Q3 asked for July-August)', () => {
    expect(periodPartial('2026-Q4', { months: 1 })).toEqual({ partial: true, months: 1, monthsInPeriod: 3 });
    expect(periodPartial('2024-Q3', { months: 2 })).toEqual({ partial: true, months: 2, monthsInPeriod: 3 });
    expect(periodPartial('2025-Q2', { months: 3 }).partial).toBe(false);
    expect(periodPartial('2025', { months: 12 }).partial).toBe(false);
  });
});
