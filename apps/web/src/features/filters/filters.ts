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
  return `${describePlace(f, regionName)} for ${formatPeriod(f.from, f.to)}`;
}

/** "in Texas": the region alone, for figures the period does not select (IPEDS years, OEWS, projections). */
export function describePlace(f: Filters, regionName?: string): string {
  return `in ${!f.region || f.region === 'us' ? 'the United States' : (regionName ?? f.region)}`;
}

/** Months from `from` to `to` inclusive (YYYY-MM); 0 when either is malformed or from > to. */
export function monthsBetween(from: string, to: string): number {
  if (!MONTH.test(from) || !MONTH.test(to) || from > to) return 0;
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
}

