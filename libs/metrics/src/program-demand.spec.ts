import { describe, expect, it } from 'vitest';
import { allocateProportional, allocatedGapBySoc, averageCompletions, programGap } from './program-demand.js';

describe('program demand', () => {
  const openings = new Map([
    ['15-1232', 300],
    ['15-1244', 100],
  ]);
  it('full-credit gap: all openings of the program SOCs minus completions', () => {
    expect(programGap(openings, 120)).toBe(280);
  });
  it('proportional allocation spreads completions by openings weight', () => {
    expect(allocateProportional(120, openings)).toEqual(new Map([['15-1232', 90], ['15-1244', 30]]));
    expect(allocateProportional(10, new Map([['a', 0], ['b', 0]]))).toEqual(new Map([['a', 5], ['b', 5]]));
  });
  it('two programs sharing a SOC: the SOC gap nets both allocations', () => {
    const gap = allocatedGapBySoc(
      openings,
      new Map([
        ['11.0201', { completions: 120, socs: ['15-1232', '15-1244'] }], // 90 + 30
        ['11.1006', { completions: 40, socs: ['15-1232'] }], // 40
      ]),
    );
    expect(gap).toEqual(new Map([['15-1232', 300 - 130], ['15-1244', 100 - 30]]));
  });
  it('averages completions over at least two years', () => {
    expect(averageCompletions([100, 140])).toBe(120);
    expect(averageCompletions([100])).toBeNull();
  });
});
