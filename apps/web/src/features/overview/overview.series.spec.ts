import { describe, expect, it } from 'vitest';
import { knownAreas, regionForFips } from './overview.series';

describe('overview map helpers', () => {
  it('drops the unknown-location group before mapping', () => {
    const rows = [
      { key: '06', unique: 5, total: 6, intensity: 1.2 },
      { key: '--', unique: 2, total: 2, intensity: 1 },
      { key: '06037', unique: 1, total: 1, intensity: 1 },
    ];
    expect(knownAreas(rows).map((r) => r.key)).toEqual(['06', '06037']);
  });

  it('turns a clicked state or county into a region filter', () => {
    expect(regionForFips('06')).toBe('state:06');
    expect(regionForFips('06037')).toBe('county:06037');
  });
});
