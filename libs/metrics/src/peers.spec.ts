import { describe, expect, it } from 'vitest';
import { mixDistance, peerScore, sizeDistance, suggestPeers, type AreaMix } from './peers.js';

const area = (code: string, total: number, sectors: Record<string, number>): AreaMix => ({ code, total, sectors: new Map(Object.entries(sectors)) });

describe('peer regions by industry mix and size', () => {
  it('mix distance is the share of postings that would have to change sector', () => {
    expect(mixDistance(new Map([['62', 0.5], ['54', 0.5]]), new Map([['62', 0.5], ['54', 0.5]]))).toBe(0);
    expect(mixDistance(new Map([['62', 1]]), new Map([['54', 1]]))).toBe(1);
    expect(mixDistance(new Map([['62', 0.6], ['54', 0.4]]), new Map([['62', 0.4], ['54', 0.6]]))).toBeCloseTo(0.2);
  });

  it('size distance is 0 for the same size and 1 for ten times apart or more', () => {
    expect(sizeDistance(100, 100)).toBe(0);
    expect(sizeDistance(100, 1000)).toBe(1);
    expect(sizeDistance(1000, 100)).toBe(1);
    expect(sizeDistance(100, 100_000)).toBe(1);
    expect(sizeDistance(100, 0)).toBe(1);
  });

  it('a hospital-heavy region is closest to the hospital-heavy peer of its size, not to the big one or the factory town', () => {
    const region = area('custom:1', 200, { '62': 120, '54': 60, '31-33': 20 });
    const twin = area('cbsa:1', 220, { '62': 130, '54': 60, '31-33': 30 });
    const big = area('cbsa:2', 5000, { '62': 3000, '54': 1500, '31-33': 500 });
    const factory = area('cbsa:3', 200, { '31-33': 150, '62': 50 });
    const thin = area('cbsa:4', 5, { '62': 3, '54': 2 });
    const peers = suggestPeers(region, [region, big, factory, twin, thin]);
    expect(peers.map((p) => p.code)).toEqual(['cbsa:1', 'cbsa:2', 'cbsa:3']);
    expect(peers[0].similarity).toBeGreaterThan(0.9);
    expect(peerScore(region, region)).toMatchObject({ mix: 0, size: 0, similarity: 1 });
  });

  it('keeps at most five, ties broken by code', () => {
    const region = area('state:01', 100, { '62': 100 });
    const same = ['state:09', 'state:02', 'state:05', 'state:04', 'state:03', 'state:06'].map((c) => area(c, 100, { '62': 100 }));
    expect(suggestPeers(region, same).map((p) => p.code)).toEqual(['state:02', 'state:03', 'state:04', 'state:05', 'state:06']);
  });
});
