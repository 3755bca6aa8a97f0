import { describe, expect, it } from 'vitest';
import { sdBucket, supplyDemand } from './supply-demand.js';

describe('supply-demand ratio buckets', () => {
  it.each([
    [0, 'very_undersupplied'],
    [0.4999, 'very_undersupplied'],
    [0.5, 'undersupplied'],
    [0.7999, 'undersupplied'],
    [0.8, 'balanced'],
    [1, 'balanced'],
    [1.25, 'balanced'],
    [1.2501, 'oversupplied'],
    [2, 'oversupplied'],
    [2.0001, 'very_oversupplied'],
  ] as const)('ratio %s is %s', (ratio, bucket) => expect(sdBucket(ratio)).toBe(bucket));

  it('computes boundaries from counts exactly (4/5 and 5/4 are balanced, 1/2 under, 2/1 over)', () => {
    expect(supplyDemand(4, 5).bucket).toBe('balanced');
    expect(supplyDemand(5, 4).bucket).toBe('balanced');
    expect(supplyDemand(1, 2).bucket).toBe('undersupplied');
    expect(supplyDemand(2, 1).bucket).toBe('oversupplied');
    expect(supplyDemand(30, 120)).toEqual({ supply: 30, demand: 120, ratio: 0.25, bucket: 'very_undersupplied' });
  });

  it('has no ratio when nothing is demanded', () => {
    expect(supplyDemand(12, 0)).toEqual({ supply: 12, demand: 0, ratio: null, bucket: 'no_demand' });
    expect(supplyDemand(0, 0)).toEqual({ supply: 0, demand: 0, ratio: null, bucket: null });
  });

  it('reads a skill no catalogued credential teaches as "no credential aligned", not as a ratio of 0', () => {
    expect(supplyDemand(0, 500, { aligned: false })).toEqual({ supply: 0, demand: 500, ratio: null, bucket: 'no_credential_aligned' });
    expect(supplyDemand(0, 500, { aligned: true })).toEqual({ supply: 0, demand: 500, ratio: 0, bucket: 'very_undersupplied' });
  });
});
