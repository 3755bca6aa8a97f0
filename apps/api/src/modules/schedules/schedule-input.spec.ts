import { describe, expect, it } from 'vitest';
import { readScheduleInput } from './schedule.input.js';

const ok = { name: ' Board  pack ', period: 'quarterly', target: { kind: 'program-report', cip: '51.3801', region: 'state:06' }, recipients: ['dean@example.org', 'dean@example.org'] };

describe('schedule input', () => {
  it('normalises a good schedule: name trimmed, recipients de-duplicated, enabled by default', () => {
    const r = readScheduleInput(ok, false);
    expect(r.errors).toEqual([]);
    expect(r.input).toEqual({ name: 'Board pack', period: 'quarterly', target: { kind: 'program-report', cip: '51.3801', region: 'state:06' }, recipients: ['dean@example.org'], enabled: true });
  });

  it('every-minute is refused, naming the period, unless the server allows it for trials', () => {
    const r = readScheduleInput({ ...ok, period: 'every-minute' }, false);
    expect(r.errors).toEqual([expect.objectContaining({ pointer: '/period', field: 'period', reason: expect.stringMatching(/CREDPULSE_SCHEDULE_EVERY_MINUTE/) })]);
    expect(readScheduleInput({ ...ok, period: 'every-minute' }, true).errors).toEqual([]);
  });

  it('every wrong field is named with its pointer, not only the first', () => {
    const r = readScheduleInput({ name: '', period: 'weekly', target: { kind: 'program-report', cip: '51', from: '2025-13' }, extra: 1 }, true);
    expect(r.errors.map((e) => e.pointer).sort()).toEqual(['/extra', '/name', '/period', '/target/cip', '/target/from']);
  });
});
