import { z } from 'zod';
import { Month } from './codes.js';
import { GRANULARITIES, type Granularity } from './filters.js';

/** `groupBy=period`: one row per calendar period of the range, at `granularity` (every metric endpoint). */
export const PERIOD_GROUP_BY = 'period' as const;

/** A period key: "2026-03" (month), "2026-Q1" (quarter), "2026" (year). */
export const PERIOD_KEY_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;
export const PeriodKey = z.string().regex(PERIOD_KEY_PATTERN).meta({ description: 'A period: YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year).', examples: ['2026-Q1'] });

/** One period of a range at a granularity, clipped to the range. */
export interface Period {
  /** "2026-03", "2026-Q1" or "2026". */
  key: string;
  /** First month of the period inside the range (YYYY-MM). */
  from: string;
  /** Last month of the period inside the range (YYYY-MM). */
  to: string;
  /** First and last calendar month of the whole period (a quarter cut by the range still spans 3). */
  first: string;
  last: string;
}

const monthIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** The key of the period holding `month` (YYYY-MM) at `granularity`. */
export function periodKeyOf(month: string, granularity: Granularity): string {
  if (granularity === 'month') return month.slice(0, 7);
  if (granularity === 'year') return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The periods of [from, to] (YYYY-MM, inclusive) at `granularity`, oldest first; [] when from > to. */
export function periodsOf(from: string, to: string, granularity: Granularity): Period[] {
  const out: Period[] = [];
  const end = monthIndex(to);
  let i = monthIndex(from);
  while (i <= end) {
    const span = granularity === 'month' ? 1 : granularity === 'quarter' ? 3 : 12;
    const start = i - (i % span);
    const stop = start + span - 1;
    out.push({ key: periodKeyOf(monthOf(i), granularity), from: monthOf(i), to: monthOf(Math.min(stop, end)), first: monthOf(start), last: monthOf(stop) });
    i = stop + 1;
  }
  return out;
}

/** The fields every period row carries (`groupBy=period`), before the endpoint's own figures. */
export const PERIOD_ROW_FIELDS = {
  key: PeriodKey,
  from: Month.describe('First month of the period inside the filter range.'),
  to: Month.describe('Last month of the period inside the filter range.'),
  months: z.number().int().min(0).describe('Complete months of data in the period.'),
  monthsInPeriod: z.number().int().min(1).describe('Months in the period (1, 3 or 12).'),
  partial: z.boolean().describe('True when the data covers the period only in part (cut by the range, beyond the data, the month in progress): draw it apart, never as a drop.'),
};

/** A period row schema: the period fields plus the endpoint's figures for that period. */
export function periodRow<S extends z.ZodRawShape>(id: string, description: string, figures: S) {
  return z.object({ ...PERIOD_ROW_FIELDS, ...figures }).meta({ id, description });
}

/** The query echo of a period series: the endpoint's echo with groupBy=period and the granularity. */
export function periodQuery<S extends z.ZodRawShape, C extends z.core.$ZodObjectConfig>(id: string, query: z.ZodObject<S, C>) {
  return query.extend({ groupBy: z.literal(PERIOD_GROUP_BY).describe('Rows are periods.'), granularity: z.enum(GRANULARITIES).describe('Length of each period.') }).meta({ id });
}
