/** Hours, days, weeks and months per year used to annualise advertised pay. */
export const ANNUAL_FACTOR = { hour: 2080, day: 260, week: 52, month: 12, year: 1 } as const;
export type PayUnit = keyof typeof ANNUAL_FACTOR;

/** Annual equivalent of a pay amount: hourly x 2080, daily x 260, weekly x 52, monthly x 12. */
export function annualize(amount: number, unit: PayUnit): number {
  const f = ANNUAL_FACTOR[unit];
  if (f === undefined) throw new RangeError(`unknown pay unit "${String(unit)}" (allowed: ${Object.keys(ANNUAL_FACTOR).join(', ')})`);
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`pay amount must be a non-negative number, got ${amount}`);
  return amount * f;
}

/** A posting's advertised pay: the midpoint of min and max when both are given, else the one given. */
export function advertisedAnnualPay(min: number | null, max: number | null, unit: PayUnit | null): number | null {
  if (unit === null || (min === null && max === null)) return null;
  const mid = min !== null && max !== null ? (min + max) / 2 : (min ?? max)!;
  return annualize(mid, unit);
}
