import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rollupCanAnswer, source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { groupExpr, SqlParams, where } from '../analytics/filters/sql-builder.js';

// groupBy allow-list: column expressions over a posting source (rollup or fact rows alike), nothing
// from the caller; `needs`: the columns a rollup must have to answer it.
const DIMS: Record<string, { expr: string; needs: string }> = {
  state: { expr: 'state_fips', needs: 'state_fips' },
  county: { expr: `COALESCE(county_fips, '--')`, needs: 'county_fips' },
  naics2: { expr: 'naics2', needs: 'naics2' },
  naics3: { expr: 'naics3', needs: 'naics3' },
  naics4: { expr: 'naics4', needs: 'naics4' },
  soc: { expr: `COALESCE(soc_code, '--')`, needs: 'soc_code' },
  socMajor: { expr: `COALESCE(left(soc_code, 2), '--')`, needs: 'soc_code' },
  degree: { expr: 'degree_level::text', needs: 'degree_level' },
};
const EXPRS = Object.fromEntries(Object.entries(DIMS).map(([k, d]) => [k, d.expr]));

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

/** Reads postings from the rollups when the filters allow, else from the posting facts (the catalogue chooses). */
@Injectable()
export class PostingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Whether these filters (and groupBy) can be answered from the rollups. */
  usesRollup(f: ParsedFilters, groupBy?: string): boolean {
    const needs = groupBy === undefined || groupBy === 'month' ? [] : [DIMS[groupBy]?.needs ?? groupBy];
    return rollupCanAnswer('posting', f, { needs });
  }

  /** Starts (unique, total) and unique ends per month, for every month up to `to` (active needs history). */
  async monthly(f: ParsedFilters, raw: boolean): Promise<MonthCounts[]> {
    const p = new SqlParams();
    const s = source('postingSector', f, p, { skip: ['date'], forceRaw: raw });
    return this.ds.query(
      `SELECT to_char(date_trunc('month', month), 'YYYY-MM') AS month, sum(unique_n)::int AS unique, sum(total_n)::int AS total, sum(ended_n)::int AS ended
       FROM ${s.from} ${where([...s.where, `month < ${p.add(f.toEnd)}::date`])} GROUP BY 1 ORDER BY 1`,
      p.values,
    );
  }

  async grouped(f: ParsedFilters, groupBy: string, raw: boolean): Promise<GroupCounts[]> {
    const p = new SqlParams();
    const s = source(groupBy === 'degree' ? 'posting' : 'postingSector', f, p, { forceRaw: raw, byState: groupBy === 'state', needs: [DIMS[groupBy]?.needs ?? groupBy] });
    return this.ds.query(
      `SELECT ${groupExpr(EXPRS, groupBy)} AS key, sum(unique_n)::int AS unique, sum(total_n)::int AS total FROM ${s.from} ${where(s.where)} GROUP BY 1`,
      p.values,
    );
  }

  /** Histogram of unique postings' wage bins ($1,000) or durations (days) in the range. */
  async histogram(f: ParsedFilters, kind: 'wage' | 'duration', raw: boolean): Promise<Bin[]> {
    return (await this.histograms(f, [kind], raw))[kind] ?? [];
  }

  /** Several histograms in one round trip (the totals need wage and duration), each ordered by value. */
  async histograms<K extends 'wage' | 'duration'>(f: ParsedFilters, kinds: readonly K[], raw: boolean): Promise<Record<K, Bin[]>> {
    const p = new SqlParams();
    const s = source(rollupCanAnswer('postingHist', f) ? 'postingHist' : 'postingHistSector', f, p, { forceRaw: raw });
    const rows: (Bin & { kind: K })[] = await this.ds.query(
      `SELECT kind, value, sum(n)::int AS n FROM ${s.from} ${where([...s.where, `kind = ANY(${p.add([...kinds])}::text[])`])} GROUP BY kind, value ORDER BY kind, value`,
      p.values,
    );
    const out = Object.fromEntries(kinds.map((k) => [k, [] as Bin[]])) as Record<K, Bin[]>;
    for (const { kind, ...bin } of rows) out[kind].push(bin as Bin);
    return out;
  }

  groupByAllowed(): string[] {
    return ['month', ...Object.keys(DIMS)];
  }
}
