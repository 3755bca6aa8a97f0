import { GRANULARITIES, type Granularity } from '@credpulse/contracts';

/** Every filter the dashboard keeps in the URL. */
export const FILTER_KEYS = ['region', 'from', 'to', 'naics', 'soc', 'cip', 'credential', 'skill', 'provider', 'granularity', 'groupBy'] as const;
/** View-only settings that also live in the URL (never sent as metric filters unless a view says so). */
export const VIEW_KEYS = ['quarter', 'map', 'view', 'dimension', 'metric'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number] | (typeof VIEW_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>> & { granularity?: Granularity };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^(us|state:\d{2}|county:\d{5}|cbsa:\d{5}|custom:[\w-]+)$/;

/**
 * Reads the filters from a query string. Values the server would refuse (malformed months, unknown
 * granularity, malformed region) are dropped here, so a hand-edited link still opens a view.
 */
export function parseFilters(search: URLSearchParams): Filters {
  const f: Filters = {};
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) {
    const v = search.get(key)?.trim();
    if (!v) continue;
    if ((key === 'from' || key === 'to') && !MONTH.test(v)) continue;
    if (key === 'region' && !REGION.test(v)) continue;
    if (key === 'granularity') {
      if ((GRANULARITIES as readonly string[]).includes(v)) f.granularity = v as Granularity;
      continue;
    }
    f[key] = v;
  }
  return f;
}

/** Applies a change to the current query string, keeping other parameters (and their order) intact. */
export function applyFilters(search: URLSearchParams, patch: Partial<Record<FilterKey, string | undefined | null>>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}

/** The filters as API query parameters (only those the endpoint takes). */
export function toApiParams(f: Filters, keys: readonly FilterKey[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = f[k];
    if (v) out[k] = v;
  }
  return out;
}

export function formatPeriod(from?: string, to?: string): string {
  if (from && to) return from === to ? from : `${from} to ${to}`;
  if (from) return `${from} onwards`;
  if (to) return `up to ${to}`;
  return 'the latest 12 months';
}

/** "in Alameda County, CA for 2024-01": the scope of a view, for headings and empty states. */
export function describeScope(f: Filters, regionName?: string): string {
  const where = !f.region || f.region === 'us' ? 'the United States' : (regionName ?? f.region);
  return `in ${where} for ${formatPeriod(f.from, f.to)}`;
}

export interface Period {
  label: string;
  from: string;
  to: string;
}

function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/**
 * Splits a month range into calendar quarters or years (clipped to the range), for trends of
 * figures an endpoint only reports as totals. Oldest first.
 */
/**
 * Coverage of one period of `splitPeriods` from its answer's `coverage` (complete months of data in
 * the request): partial when fewer than the whole quarter or year, also when the range cut it.
 */
export function periodPartial(label: string, coverage: { months: number } | undefined): { partial: boolean; months: number; monthsInPeriod: number } {
  const monthsInPeriod = /-Q\d$/.test(label) ? 3 : /^\d{4}$/.test(label) ? 12 : 1;
  const months = coverage?.months ?? 0;
  return { partial: months < monthsInPeriod, months, monthsInPeriod };
}

export function splitPeriods(from: string, to: string, by: 'quarter' | 'year'): Period[] {
  if (!MONTH.test(from) || !MONTH.test(to) || from > to) return [];
  const out: Period[] = [];
  let start = from;
  while (start <= to) {
    const [y, m] = start.split('-').map(Number);
    const endMonth = by === 'year' ? 12 : Math.ceil(m / 3) * 3;
    let end = `${y}-${String(endMonth).padStart(2, '0')}`;
    if (end > to) end = to;
    out.push({ label: by === 'year' ? String(y) : `${y}-Q${Math.ceil(m / 3)}`, from: start, to: end });
    start = addMonths(end, 1);
  }
  return out;
}
