import { describe, expect, it } from 'vitest';
import { indexText, measureText, panelParams } from './peer-measure.series';

describe('the beside-peers panel', () => {
  it('writes each unit, a hidden figure as hidden and a missing one as no data, never 0', () => {
    expect(measureText({ unit: 'percent' }, { value: 0.4234, suppressed: false })).toMatch(/42\.3\s?%/);
    expect(measureText({ unit: 'dollars' }, { value: 61250, suppressed: false })).toContain('61,250');
    expect(measureText({ unit: 'count' }, { value: 1234.4, suppressed: false })).toBe('1,234');
    expect(measureText({ unit: 'ratio' }, { value: 0.256, suppressed: false })).toBe('0.26');
    expect(measureText({ unit: 'count' }, { value: null, suppressed: true }, 11)).toMatch(/suppressed/);
    expect(measureText({ unit: 'count' }, { value: null, suppressed: false })).toBe('no data');
    expect(indexText(1.23456)).toBe('1.23');
    expect(indexText(null)).toBe('—');
  });

  it('asks only with a region other than the nation, passing period and picked peers', () => {
    expect(panelParams({}, null, 'equity')).toBeNull();
    expect(panelParams({ region: 'us' }, null, 'equity')).toBeNull();
    expect(panelParams({ region: 'state:06', from: '2025-01' }, 'state:48', 'recognition')).toEqual({
      region: 'state:06',
      from: '2025-01',
      view: 'recognition',
      peers: 'state:48',
    });
  });
});
