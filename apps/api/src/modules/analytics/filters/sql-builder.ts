import type { ParsedFilters } from './parsed-filters.js';

/** Bind parameters for one statement: `p.add(value)` returns `$n`. Values never enter the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Where each filter lives in the table being queried (column expressions, written by us, never
 * by the caller). Leave a key out when the table cannot answer that filter; `supports()` then says
 * false and the caller uses another (raw) table.
 */
export interface ColumnMap {
  /** A date column; rows match when fromDate <= col < toEnd. */
  date?: string;
  state?: string;
  county?: string;
  /**
   * The job_posting id column of a posting table: county, CBSA and custom-region filters then also
   * match postings with any of their places (posting_location) in the region, once each.
   */
  postingId?: string;
  /** Full NAICS code column (prefix match). */
  naics?: string;
  /** Columns holding the first 2/3/4 digits of NAICS (rollups). */
  naics2?: string;
  naics3?: string;
  naics4?: string;
  /** Full detailed SOC column (prefix match for major/minor/broad). */
  soc?: string;
  /** SOC major group column ('15'), for rollups. */
  socMajor?: string;
  /** job_posting.soc_source ('given' | 'coded'): the `socSource=given` parameter leaves coded SOCs out. */
  socSource?: string;
  cip?: string;
  skill?: string;
  credential?: string;
  provider?: string;
  /**
   * The rows are awards: the proof filter (`proof=verified`) applies. A table that has `awards` but
   * no `proof` column (the award rollups) cannot answer it, so the caller reads the raw awards.
   */
  awards?: true;
  /** The award's proof_status column (raw award rows). */
  proof?: string;
}

type Filter = 'date' | 'region' | 'naics' | 'soc' | 'cip' | 'skill' | 'credential' | 'provider' | 'proof';

/** True when the caller asked for awards with a verified proof only (`proof=verified`). */
export const verifiedOnly = (f: ParsedFilters): boolean => f.extra.proof === 'verified';

/** True when every filter present in `f` can be applied to a table with this column map. */
export function supports(f: ParsedFilters, map: ColumnMap, skip: readonly Filter[] = []): boolean {
  const need = (k: Filter) => !skip.includes(k);
  if (need('region') && f.region.kind !== 'us') {
    if (f.region.kind === 'state' ? !map.state && !map.county : !map.county) return false;
  }
  if (need('naics') && f.naics && !map.naics && !naicsColumn(map, f.naics.digits)) return false;
  if (need('soc') && f.soc && !map.soc && !(f.soc.level === 'major' && map.socMajor)) return false;
  if (need('soc') && f.extra.socSource === 'given' && !map.socSource) return false;
  if (need('cip') && f.cip && !map.cip) return false;
  if (need('skill') && f.skill !== undefined && !map.skill) return false;
  if (need('credential') && f.credential !== undefined && !map.credential) return false;
  if (need('provider') && f.provider !== undefined && !map.provider) return false;
  if (need('proof') && verifiedOnly(f) && (map.awards || map.proof) && !map.proof) return false;
  return true;
}

/**
 * WHERE conditions (AND them) for the filters in `f` on a table described by `map`, with values
 * bound through `p`. `skip` leaves filters out (e.g. the date when the caller handles periods).
 * Throws if a present filter has no column: call `supports()` first to choose the table.
 */
export function whereFilters(f: ParsedFilters, map: ColumnMap, p: SqlParams, skip: readonly Filter[] = []): string[] {
  if (!supports(f, map, skip)) throw new Error('whereFilters: this table cannot answer these filters (check supports() first)');
  const need = (k: Filter) => !skip.includes(k);
  const out: string[] = [];
  if (need('date') && map.date) out.push(`${map.date} >= ${p.add(f.fromDate)}::date AND ${map.date} < ${p.add(f.toEnd)}::date`);
  if (need('region') && f.region.kind !== 'us') out.push(regionCondition(f.region, map, p));
  if (need('naics') && f.naics) {
    const col = naicsColumn(map, f.naics.digits);
    if (col) out.push(`${col} = ANY(${p.add(f.naics.prefixes)}::text[])`);
    else out.push(`left(${map.naics}, ${f.naics.digits}) = ANY(${p.add(f.naics.prefixes)}::text[])`);
  }
  if (need('soc') && f.soc) {
    if (f.soc.level === 'major' && map.socMajor) out.push(`${map.socMajor} = ${p.add(f.soc.code.slice(0, 2))}`);
    else if (f.soc.level === 'detailed') out.push(`${map.soc} = ${p.add(f.soc.code)}`);
    else out.push(`left(${map.soc}, ${f.soc.prefix.length}) = ${p.add(f.soc.prefix)}`);
  }
  // a SOC the title coder assigned counts as no SOC
  if (need('soc') && f.extra.socSource === 'given') out.push(`${map.socSource} IS DISTINCT FROM 'coded'`);
  if (need('cip') && f.cip) out.push(`left(${map.cip}, ${f.cip.code.length}) = ${p.add(f.cip.code)}`);
  if (need('skill') && f.skill !== undefined) out.push(`${map.skill} = ${p.add(f.skill)}`);
  if (need('credential') && f.credential !== undefined) out.push(`${map.credential} = ${p.add(f.credential)}`);
  if (need('provider') && f.provider !== undefined) out.push(`${map.provider} = ${p.add(f.provider)}`);
  if (need('proof') && verifiedOnly(f) && map.proof) out.push(`${map.proof} = 'verified'`);
  return out;
}

/** `WHERE a AND b` or an empty string. */
export function where(conds: readonly string[]): string {
  return conds.length ? `WHERE ${conds.join(' AND ')}` : '';
}

/** Ids of the postings with their first place or another place in the counties `counties` (`= $1`, `IN (...)`). */
export function postingsInCounties(counties: string): string {
  return `SELECT rp.id FROM job_posting rp WHERE rp.county_fips ${counties} UNION SELECT rl.posting_id FROM posting_location rl WHERE rl.county_fips ${counties}`;
}

function regionCondition(r: ParsedFilters['region'], map: ColumnMap, p: SqlParams): string {
  if (map.postingId && (r.kind === 'county' || r.kind === 'cbsa' || r.kind === 'custom')) {
    // Its first place (job_posting.county_fips) or any other (posting_location), so a posting with
    // two places in the region still counts once. Written as `id = ANY(ARRAY(...))`, not an OR with
    // an IN subquery: the array is computed once (an InitPlan) and the condition, free of sub-plans,
    // is pushed into the raw sources (UNION ALL subqueries) where it meets the primary-key index;
    // the OR form scanned and joined every posting (10 s per recognition call on 50,000 postings).
    const counties =
      r.kind === 'county'
        ? `= ${p.add(r.code)}`
        : r.kind === 'cbsa'
          ? `IN (SELECT fips FROM county WHERE cbsa_code = ${p.add(r.code)})`
          : `IN (SELECT county_fips FROM custom_region_county WHERE region_id = ${p.add(Number(r.code))})`;
    return `${map.postingId} = ANY (ARRAY(${postingsInCounties(counties)}))`;
  }
  switch (r.kind) {
    case 'state':
      return map.state ? `${map.state} = ${p.add(r.code)}` : `left(${map.county}, 2) = ${p.add(r.code)}`;
    case 'county':
      return `${map.county} = ${p.add(r.code)}`;
    case 'cbsa':
      return `${map.county} IN (SELECT fips FROM county WHERE cbsa_code = ${p.add(r.code)})`;
    case 'custom':
      return `${map.county} IN (SELECT county_fips FROM custom_region_county WHERE region_id = ${p.add(Number(r.code))})`;
    default:
      return 'true';
  }
}

function naicsColumn(map: ColumnMap, digits: number): string | undefined {
  return digits === 2 ? map.naics2 : digits === 3 ? map.naics3 : digits === 4 ? map.naics4 : undefined;
}

/** The GROUP BY expression for `groupBy`, looked up in the endpoint's allow-list map. */
export function groupExpr(dimensions: Readonly<Record<string, string>>, groupBy: string): string {
  const e = Object.prototype.hasOwnProperty.call(dimensions, groupBy) ? dimensions[groupBy] : undefined;
  if (!e) throw new Error(`groupExpr: "${groupBy}" is not in the allow-list`);
  return e;
}

/** Cuts rows to `limit`; `truncated` says whether it cut. */
export function limitRows<T>(rows: T[], limit: number): { rows: T[]; truncated: boolean } {
  return rows.length > limit ? { rows: rows.slice(0, limit), truncated: true } : { rows, truncated: false };
}
