import { describe, expect, it } from 'vitest';
import { periodKey } from './periods.js';

describe('delivery periods (UTC)', () => {
  it('a monthly schedule keys by calendar month, a quarterly one by quarter, every-minute by the minute', () => {
    const at = new Date('2026-12-07T15:41:59.999Z');
    expect(periodKey('monthly', at)).toBe('2026-12');
    expect(periodKey('quarterly', at)).toBe('2026-Q4');
    expect(periodKey('every-minute', at)).toBe('2026-12-07T15:41');
  });

  it('the boundaries fall at midnight UTC, whatever the server time zone', () => {
    expect(periodKey('quarterly', new Date('2026-03-31T23:59:59Z'))).toBe('2026-Q1');
    expect(periodKey('quarterly', new Date('2026-04-01T00:00:00Z'))).toBe('2026-Q2');
    expect(periodKey('monthly', new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
    expect(periodKey('every-minute', new Date('2026-12-07T15:42:00Z'))).toBe('2026-12-07T15:42');
  });
});
