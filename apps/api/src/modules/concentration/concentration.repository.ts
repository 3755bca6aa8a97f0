import { Injectable } from '@nestjs/common';
import type { Granularity } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { RollupName } from '../analytics/catalogue/catalogue.js';
import { source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { groupExpr, SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';

/** What counts are keyed by: an item (a groupBy dimension of the answer) or the period at a granularity. */
export type CountKey = { item: string } | { period: Granularity };
// the item column of each groupBy dimension in the posting rollups and facts
const ITEM_COLUMNS: Readonly<Record<string, string>> = { naics2: 'naics2', naics3: 'naics3', naics4: 'naics4', soc: 'soc_code', state: 'state_fips' };

/** Unique postings per item (an industry, an occupation or a state), from the rollups or the posting facts. */
@Injectable()
export class ConcentrationRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Unique postings per item (the groupBy dimension's column) or per period of `name`'s rows matching
   * `f`. `skipItem`: without the NAICS and SOC filters (the region's all-item total); `byState`: per
   * state for the nation.
   */
  async counts(f: ParsedFilters, name: RollupName, key: CountKey, opts: { needs: readonly string[]; forceRaw: boolean; byState?: boolean; skipItem?: boolean }): Promise<Map<string, number>> {
    const p = new SqlParams();
    const s = source(name, f, p, { needs: opts.needs, forceRaw: opts.forceRaw, byState: opts.byState, skip: opts.skipItem ? ['naics', 'soc'] : [] });
    const keySql = opts.byState ? 'state_fips' : 'period' in key ? periodKeySql(key.period, 'month') : groupExpr(ITEM_COLUMNS, key.item);
    const rows: { key: string; n: number }[] = await this.ds.query(`SELECT ${keySql} AS key, sum(unique_n)::int AS n FROM ${s.from} ${where(s.where)} GROUP BY 1`, p.values);
    return new Map(rows.map((r) => [String(r.key).trim(), r.n]));
  }

  async stateNames(): Promise<Map<string, string>> {
    const rows: { fips: string; name: string }[] = await this.ds.query('SELECT fips, name FROM state');
    return new Map(rows.map((s) => [s.fips, s.name]));
  }

  /** Titles of NAICS or SOC codes. */
  async titles(table: 'naics' | 'soc', keys: string[]): Promise<Map<string, string>> {
    const r: { code: string; title: string }[] = await this.ds.query(`SELECT code, title FROM ${table === 'soc' ? 'soc' : 'naics'} WHERE code = ANY($1)`, [keys]);
    return new Map(r.map((x) => [x.code, x.title]));
  }
}
