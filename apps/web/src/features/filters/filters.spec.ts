import { describe, expect, it } from 'vitest';
import { applyFilters, describePlace, describeScope, parseFilters, monthsBetween, toApiParams } from './filters';

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
    // public data (IPEDS years, OEWS, projections) is not selected by the period: the place alone
    expect(describePlace({ region: 'county:06001', from: '2024-01', to: '2024-01' }, 'Alameda County, CA')).toBe('in Alameda County, CA');
  });

  it('counts the months of a range, inclusive; a reversed or malformed range has none', () => {
    expect(monthsBetween('2024-11', '2026-02')).toBe(16);
    expect(monthsBetween('2025-03', '2025-03')).toBe(1);
    expect(monthsBetween('2025-05', '2025-01')).toBe(0);
    expect(monthsBetween('2025-5', '2025-06')).toBe(0);
  });
});
