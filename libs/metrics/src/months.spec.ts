import { describe, expect, it } from 'vitest';
import { addMonths, monthCount, monthEnd, monthRange } from './months.js';

describe('month arithmetic', () => {
  it('crosses years both ways', () => {
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-12', 0)).toBe('2025-12');
  });
  it('counts and lists the months of a range, ends included', () => {
    expect(monthCount('2024-11', '2025-02')).toBe(4);
    expect(monthCount('2025-03', '2025-02')).toBe(0);
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
  it('gives the exclusive end of a range', () => {
    expect(monthEnd('2025-12')).toBe('2026-01-01');
  });
});
