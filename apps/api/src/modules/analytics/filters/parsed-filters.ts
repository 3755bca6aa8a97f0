import type { CommonFilterParam, Granularity, NormalisedFilters, RegionKind } from '@credpulse/contracts';

/** A region as the SQL builder needs it. `code` is a FIPS/CBSA code, or the custom region id. */
export interface RegionFilter {
  kind: RegionKind;
  code: string;
}

/**
 * The common filters after syntax checks (parseFilters) and taxonomy checks (FilterService).
 * Dates are whole months: rows match when `fromDate <= date < toEnd`.
 */
export interface ParsedFilters {
  /** YYYY-MM */
  from: string;
  /** YYYY-MM */
  to: string;
  /** YYYY-MM-01 of `from`. */
  fromDate: string;
  /** YYYY-MM-01 of the month after `to` (exclusive bound). */
  toEnd: string;
  region: RegionFilter;
  /** `prefixes`: 2..6-digit prefixes a NAICS code must start with (a sector range gives several). */
  naics?: { code: string; prefixes: string[]; digits: number };
  /** `prefix`: what a detailed SOC code starts with (the whole code when detailed). */
  soc?: { code: string; prefix: string; level: 'major' | 'minor' | 'broad' | 'detailed' };
  cip?: { code: string };
  skill?: string;
  credential?: number;
  provider?: number;
  groupBy?: string;
  granularity: Granularity;
  limit: number;
  /** Endpoint-specific parameters declared in the FilterSpec, validated. */
  extra: Record<string, string>;
  /** Which parameters the caller gave explicitly (defaults are not listed). */
  given: ReadonlySet<string>;
  /** The parameters the endpoint accepts (its FilterSpec): the echo holds only these. */
  accepts?: ReadonlySet<string>;
  /** The endpoint's own trend rows take `granularity` (FilterSpec.trendGranularity): always echoed. */
  trendGranularity?: boolean;
}

/** An endpoint-specific parameter: either one of `values`, or matching `pattern` (described by `describe`). */
export interface ExtraParam {
  values?: readonly string[];
  pattern?: RegExp;
  describe: string;
  default?: string;
}

/** What an endpoint accepts; everything else is a 400 naming the parameter. */
export interface FilterSpec {
  /** The common parameters this endpoint understands. */
  accept: readonly CommonFilterParam[];
  /** Of those, the ones a request must give (a 400 names the first one missing). */
  require?: readonly CommonFilterParam[];
  /** The allowed values of `groupBy` (omit to refuse groupBy). */
  groupBy?: readonly string[];
  defaultGroupBy?: string;
  extra?: Record<string, ExtraParam>;
  /** Months covered when `from` is not given (default 12). */
  defaultMonths?: number;
  /**
   * `granularity` also shapes the endpoint's default trend rows (postings, groupBy=month) and is
   * always echoed; elsewhere it applies to groupBy=period only (echoed there, refused otherwise).
   */
  trendGranularity?: boolean;
}

/** The normalised echo of the filters for the `query` field of the envelope. */
export function echoFilters(f: ParsedFilters): NormalisedFilters {
  const region = f.region.kind === 'us' ? 'us' : `${f.region.kind}:${f.region.code}`;
  const echo: NormalisedFilters = {
    from: f.from,
    to: f.to,
    region,
    ...(f.naics ? { naics: f.naics.code } : {}),
    ...(f.soc ? { soc: f.soc.code } : {}),
    ...(f.cip ? { cip: f.cip.code } : {}),
    ...(f.skill !== undefined ? { skill: f.skill } : {}),
    ...(f.credential !== undefined ? { credential: String(f.credential) } : {}),
    ...(f.provider !== undefined ? { provider: String(f.provider) } : {}),
    ...(f.groupBy ? { groupBy: f.groupBy } : {}),
    ...(f.groupBy === 'period' || f.trendGranularity ? { granularity: f.granularity } : {}),
    limit: f.limit,
    ...f.extra,
  };
  // Only what the endpoint takes, so that the echo sent back as a query string is accepted.
  if (f.accepts) for (const name of Object.keys(echo)) if (!f.accepts.has(name)) delete echo[name];
  return echo;
}

/**
 * `?proof=` on endpoints that count awards: `verified` counts only awards whose proof was checked
 * offline and verified; `all` (default) counts every accepted award whatever its proof status.
 */
export const PROOF_PARAM: ExtraParam = {
  values: ['all', 'verified'],
  describe: 'which awards count: all (default) or verified (only awards whose signature was verified offline)',
  default: 'all',
};
