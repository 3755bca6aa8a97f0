import type { SchedulePeriod } from '@credpulse/contracts';

/**
 * The delivery period a moment falls in (UTC): 2026-12 (monthly), 2026-Q4 (quarterly),
 * 2026-12-07T15:41 (every minute). A schedule delivers once per key: the key is the unit of
 * "never twice for one period".
 */
export function periodKey(period: SchedulePeriod, at: Date): string {
  const iso = at.toISOString();
  if (period === 'monthly') return iso.slice(0, 7);
  if (period === 'quarterly') return `${iso.slice(0, 4)}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
  return iso.slice(0, 16);
}
