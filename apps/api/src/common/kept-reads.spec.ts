import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeptReads } from './kept-reads.js';

// The health counts, the data meta, the latest month and the taxonomy code tables are kept this
// way: under load a lapsed entry must cost one database read, not one per concurrent request.
describe('KeptReads', () => {
  afterEach(() => vi.useRealTimers());

  it('shares one read among concurrent callers and keeps its answer until it lapses', async () => {
    vi.useFakeTimers();
    const kept = new KeptReads(1_000);
    let reads = 0;
    const read = async () => ++reads;
    const answers = await Promise.all(Array.from({ length: 50 }, () => kept.get('counts', read)));
    expect(reads).toBe(1);
    expect(new Set(answers)).toEqual(new Set([1]));
    vi.advanceTimersByTime(999);
    expect(await kept.get('counts', read)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await kept.get('counts', read)).toBe(2);
  });

  it('forgets a failed read, so the next caller reads again', async () => {
    const kept = new KeptReads(60_000);
    await expect(kept.get('meta', () => Promise.reject(new Error('database restarting')))).rejects.toThrow('database restarting');
    expect(await kept.get('meta', async () => 'fresh')).toBe('fresh');
  });

  it('keeps keys apart, and clear() makes every key read again (an ingest finished)', async () => {
    const kept = new KeptReads(60_000);
    expect(await kept.get('counts:2026-01-01', async () => 'old version')).toBe('old version');
    expect(await kept.get('counts:2026-02-01', async () => 'new version')).toBe('new version');
    kept.clear();
    expect(await kept.get('counts:2026-02-01', async () => 'read again')).toBe('read again');
  });
});
