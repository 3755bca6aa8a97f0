import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { groupExpr, SqlParams, where, whereFilters, type ColumnMap } from '../analytics/filters/sql-builder.js';
import { rollupCan, rollupWhere, ROLLUP_MAP } from '../analytics/rollups/rollup-where.js';
import { DURATION_DAYS, POSTING_END, WAGE_BIN } from '../analytics/rollups/rollups.service.js';

export const RAW_POSTING_MAP: ColumnMap = { date: 'p.posted_date', state: 'p.state_fips', county: 'p.county_fips', postingId: 'p.id', naics: 'p.naics_code', soc: 'p.soc_code', socSource: 'p.soc_source' };
const POSTING_ROLLUP_MAP: ColumnMap = ROLLUP_MAP;
// the histogram rollups: by month and state, and by month, state and NAICS sector
const HIST_ROLLUP_MAP: ColumnMap = { date: 'month', state: 'state_fips' };
const HIST_SECTOR_MAP: ColumnMap = { date: 'month', state: 'state_fips', naics2: 'naics2' };

// groupBy allow-lists: column expressions per source, nothing from the caller.
const RAW_DIMS: Record<string, string> = {
  state: `COALESCE(p.state_fips, '--')`,
  county: `COALESCE(p.county_fips, '--')`,
  naics2: `COALESCE(left(p.naics_code, 2), '--')`,
  naics3: `COALESCE(left(p.naics_code, 3), '--')`,
  naics4: `COALESCE(left(p.naics_code, 4), '--')`,
  soc: `COALESCE(p.soc_code, '--')`,
  socMajor: `COALESCE(left(p.soc_code, 2), '--')`,
  degree: 'p.degree_level::text',
};
const ROLLUP_DIMS: Record<string, string> = { state: 'state_fips', naics2: 'naics2', degree: 'degree_level::text' };

export interface MonthCounts {
  month: string;
  unique: number;
  total: number;
  ended: number;
}
export interface GroupCounts {
  key: string;
  unique: number;
  total: number;
}
export interface Bin {
  value: number;
  n: number;
}

/** Reads postings from the rollups when the filters allow, else from job_posting. */
@Injectable()
export class PostingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Whether these filters (and groupBy) can be answered from the rollups. */
  usesRollup(f: ParsedFilters, groupBy?: string): boolean {
    return rollupCan(f, POSTING_ROLLUP_MAP) && (groupBy === undefined || groupBy === 'month' || groupBy in ROLLUP_DIMS);
  }

  /** Starts (unique, total) and unique ends per month, for every month up to `to` (active needs history). */
  async monthly(f: ParsedFilters, raw: boolean): Promise<MonthCounts[]> {
    const p = new SqlParams();
    let sql: string;
    if (!raw) {
      const conds = rollupWhere(f, POSTING_ROLLUP_MAP, p, { skip: ['date'] });
      conds.push(`month < ${p.add(f.toEnd)}::date`);
      sql = `SELECT to_char(month, 'YYYY-MM') AS month, sum(unique_n)::int AS unique, sum(total_n)::int AS total, sum(ended_n)::int AS ended
             FROM rollup_posting_sector ${where(conds)} GROUP BY month ORDER BY month`;
    } else {
      const c1 = whereFilters(f, RAW_POSTING_MAP, p, ['date']);
      const end = p.add(f.toEnd);
      sql = `SELECT to_char(m, 'YYYY-MM') AS month, sum(u)::int AS unique, sum(t)::int AS total, sum(e)::int AS ended FROM (
               SELECT date_trunc('month', p.posted_date) AS m, (NOT p.is_duplicate)::int AS u, 1 AS t, 0 AS e
               FROM job_posting p ${where([...c1, `p.posted_date < ${end}::date`])}
               UNION ALL
               SELECT date_trunc('month', GREATEST(${POSTING_END}, p.posted_date)), 0, 0, 1
               FROM job_posting p ${where([...c1, 'NOT p.is_duplicate', `${POSTING_END} < ${end}::date`])}
             ) x GROUP BY m ORDER BY m`;
    }
    const rows: MonthCounts[] = await this.ds.query(sql, p.values);
    return rows;
  }

  async grouped(f: ParsedFilters, groupBy: string, raw: boolean): Promise<GroupCounts[]> {
    const p = new SqlParams();
    const sql = !raw
      ? `SELECT ${groupExpr(ROLLUP_DIMS, groupBy)} AS key, sum(unique_n)::int AS unique, sum(total_n)::int AS total
         FROM ${groupBy === 'degree' ? 'rollup_posting' : 'rollup_posting_sector'} ${where(rollupWhere(f, POSTING_ROLLUP_MAP, p, { byState: groupBy === 'state' }))} GROUP BY 1`
      : `SELECT ${groupExpr(RAW_DIMS, groupBy)} AS key, count(*) FILTER (WHERE NOT p.is_duplicate)::int AS unique, count(*)::int AS total
         FROM job_posting p ${where(whereFilters(f, RAW_POSTING_MAP, p))} GROUP BY 1`;
    return this.ds.query(sql, p.values);
  }

  /** Histogram of unique postings' wage bins ($1,000) or durations (days) in the range. */
  async histogram(f: ParsedFilters, kind: 'wage' | 'duration', raw: boolean): Promise<Bin[]> {
    const p = new SqlParams();
    const table = raw ? undefined : rollupCan(f, HIST_ROLLUP_MAP) ? 'rollup_posting_hist' : rollupCan(f, HIST_SECTOR_MAP) ? 'rollup_posting_hist_sector' : undefined;
    if (table) {
      const conds = rollupWhere(f, table === 'rollup_posting_hist' ? HIST_ROLLUP_MAP : HIST_SECTOR_MAP, p);
      conds.push(`kind = ${p.add(kind)}`);
      return this.ds.query(`SELECT value, sum(n)::int AS n FROM ${table} ${where(conds)} GROUP BY value ORDER BY value`, p.values);
    }
    const conds = [...whereFilters(f, RAW_POSTING_MAP, p), 'NOT p.is_duplicate'];
    if (kind === 'wage') conds.push('p.salary_annual IS NOT NULL');
    const expr = kind === 'wage' ? WAGE_BIN : DURATION_DAYS;
    return this.ds.query(`SELECT ${expr} AS value, count(*)::int AS n FROM job_posting p ${where(conds)} GROUP BY 1 ORDER BY 1`, p.values);
  }

  groupByAllowed(): string[] {
    return ['month', ...Object.keys(RAW_DIMS)];
  }
}
