import { describe, expect, it } from 'vitest';
import { assignDedupGroups, dedupKey, normalizeTitle, postingIntensity } from './dedup.js';

describe('posting deduplication', () => {
  it('normalises titles and employers', () => {
    expect(normalizeTitle('Sr. Data Analyst (Remote) - URGENT')).toBe('sr data analyst');
    expect(normalizeTitle('Help Desk & Support Tech')).toBe('help desk and support tech');
    expect(dedupKey('Acme, Inc.', 'Data Analyst', '06037')).toBe(dedupKey('ACME', 'data analyst', '06037'));
    expect(dedupKey('Acme', 'Data Analyst', '06037')).not.toBe(dedupKey('Acme', 'Data Analyst', '06059'));
  });
  it('counts the same job within 60 days of its first posting once', () => {
    const k = dedupKey('Acme', 'Data Analyst', '06037');
    const r = assignDedupGroups([
      { id: 'a', key: k, posted: '2024-01-01' },
      { id: 'b', key: k, posted: '2024-03-01' }, // day 60: duplicate
      { id: 'c', key: k, posted: '2024-03-02' }, // day 61: new cluster
      { id: 'd', key: 'other', posted: '2024-01-02' },
    ]);
    expect(r.filter((x) => x.duplicate).map((x) => x.id)).toEqual(['b']);
    expect(r.find((x) => x.id === 'c')!.group).toBe('c');
    expect(postingIntensity(4, 3)).toBeCloseTo(4 / 3, 12);
    expect(postingIntensity(0, 0)).toBeNull();
  });
});
