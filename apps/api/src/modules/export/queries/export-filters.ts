import { addMonths } from '@credpulse/metrics';
import { NAICS_SECTOR_RANGES as SECTOR_RANGES } from '@credpulse/taxonomy';
import { badParameter } from '../../../common/problem.js';
import { parseFilterSyntax } from '../../analytics/filters/parse-filters.js';

// The filters exports accept: the metrics' common filters (from, to, region, naics, soc, cip, skill,
// credential, provider), parsed by the metrics' parser. Values reach SQL only as bound parameters
// (see SqlParams). Unlike the metric endpoints, a record export without from/to covers all dates.

export const EXPORT_FILTER_PARAMS = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider'] as const;
export type ExportFilterParam = (typeof EXPORT_FILTER_PARAMS)[number];

export interface ExportFilters {
  /** YYYY-MM-01 of `from` (inclusive). */
  fromDate?: string;
  /** YYYY-MM-01 of the month after `to` (exclusive). */
  toEnd?: string;
  region?: { kind: 'state' | 'county' | 'cbsa' | 'custom'; code: string };
  naicsPrefixes?: string[];
  socPrefix?: string;
  cipPrefix?: string;
  skill?: string;
  credential?: number;
  provider?: number;
  /** The filters as given, normalised, for provenance and file names. */
  echo: Record<string, string>;
}

/**
 * Parses the filter query parameters with the metrics' parser (parseFilterSyntax: the same shapes
 * and messages); any other parameter not in `extraAllowed` is a 400 naming it. An empty value is
 * no filter.
 */
export function parseExportFilters(query: Record<string, unknown>, extraAllowed: readonly string[]): ExportFilters {
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
  // the caller checks its own parameters' values
  const extra = Object.fromEntries(extraAllowed.map((n) => [n, { pattern: /^[\s\S]*$/, describe: 'a value' }]));
  const s = parseFilterSyntax(given, { accept: EXPORT_FILTER_PARAMS, extra });
  const f: ExportFilters = { echo: {} };
  if (s.from !== undefined) {
    f.fromDate = `${s.from}-01`;
    f.echo.from = s.from;
  }
  if (s.to !== undefined) {
    f.toEnd = `${addMonths(s.to, 1)}-01`;
    f.echo.to = s.to;
  }
  if (s.region.kind !== 'us') {
    // the rows carry FIPS codes; the metric endpoints look abbreviations up, an export takes the code
    if (s.region.kind === 'state' && !/^\d{2}$/.test(s.region.code)) throw badParameter('region', `"region" needs a 2-digit state FIPS code in an export (got "state:${s.region.code}").`);
    f.region = { kind: s.region.kind, code: s.region.code };
    f.echo.region = `${s.region.kind}:${s.region.code}`;
  }
  if (s.naics !== undefined) {
    f.naicsPrefixes = [...(SECTOR_RANGES[s.naics] ?? [s.naics])];
    f.echo.naics = s.naics;
  }
  if (s.soc !== undefined) {
    // major XX-0000, minor XX-XX00, broad XX-XXX0, detailed otherwise
    f.socPrefix = s.soc.endsWith('0000') ? s.soc.slice(0, 3) : s.soc.endsWith('00') ? s.soc.slice(0, 5) : s.soc.endsWith('0') ? s.soc.slice(0, 6) : s.soc;
    f.echo.soc = s.soc;
  }
  if (s.cip !== undefined) {
    f.cipPrefix = s.cip;
    f.echo.cip = s.cip;
  }
  if (s.skill !== undefined) {
    f.skill = s.skill;
    f.echo.skill = s.skill;
  }
  for (const name of ['credential', 'provider'] as const) {
    const v = s[name];
    if (v === undefined) continue;
    if (!/^\d{1,9}$/.test(v)) throw badParameter(name, `"${name}" must be a numeric id in an export (got "${v.slice(0, 40)}").`);
    f[name] = Number(v);
    f.echo[name] = v;
  }
  return f;
}

/**
 * Bound values for a statement that cannot take bind parameters (COPY): each value is set with
 * set_config($n, ...) in the export's transaction and read back in the query through
 * current_setting(), wrapped in a scalar sub-select so PostgreSQL evaluates it once (an InitPlan).
 */
export class SqlParams {
  readonly values: string[] = [];

  /** A SQL expression of type text that yields `value`. */
  text(value: string): string {
    this.values.push(value);
    return `(SELECT current_setting('credpulse.export_p${this.values.length}'))`;
  }

  int(value: number): string {
    return `${this.text(String(value))}::int`;
  }

  /** A text[] of validated codes (digits only), e.g. LIKE ANY prefixes. */
  textArray(values: string[]): string {
    for (const v of values) if (!/^[0-9.%-]+$/.test(v)) throw new Error(`not a code: ${v}`);
    return `string_to_array(${this.text(values.join(','))}, ',')`;
  }

  /** The statement that sets the values; run it inside the export's transaction. */
  setStatement(): { sql: string; params: string[] } | null {
    if (this.values.length === 0) return null;
    const sets = this.values.map((_, i) => `set_config('credpulse.export_p${i + 1}', $${i + 1}, true)`);
    return { sql: `SELECT ${sets.join(', ')}`, params: this.values };
  }
}
