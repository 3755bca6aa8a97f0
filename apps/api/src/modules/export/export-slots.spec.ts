import { describe, expect, it } from 'vitest';
import { ExportSlots } from './export.service.js';

// Record-level exports in flight, per user and in total: past either limit a 429 with Retry-After.

describe('record export slots', () => {
  it('refuses a user past their limit and everyone past the total, and gives slots back once', () => {
    const slots = new ExportSlots(2, 3);
    const a1 = slots.acquire('alice');
    slots.acquire('alice');
    expect(() => slots.acquire('alice')).toThrow(/per user/);
    slots.acquire('bob');
    let refused: unknown;
    try {
      slots.acquire('carol');
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ status: 429, headers: { 'Retry-After': '10' } });
    expect(String((refused as Error).message)).toMatch(/CREDPULSE_EXPORTS_TOTAL/);
    a1();
    a1(); // twice is once
    expect(slots.running).toBe(2);
    expect(() => slots.acquire('carol')).not.toThrow();
  });
});
