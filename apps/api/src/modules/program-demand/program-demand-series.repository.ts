import { Injectable } from '@nestjs/common';
import { NO_MATCH_CIP, NO_MATCH_SOC } from '@credpulse/taxonomy';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { choose, rollupCanAnswer, sourceOf, type SourceChoice } from '../analytics/catalogue/source.js';

/** Program demand per period (groupBy=period): openings and awards, each one GROUP BY over the period key. */
@Injectable()
export class ProgramDemandSeriesRepository {
  constructor(private readonly ds: DataSource) {}

  sources(f: ParsedFilters, forceRaw = false): { postings: SourceChoice; awards: SourceChoice } {
    const raw = forceRaw || !rollupCanAnswer('postingSoc', f, { skip: ['cip'] }) || !rollupCanAnswer('awardCip', f, { skip: ['cip'] });
    return { postings: choose('postingSoc', f, { forceRaw: raw, skip: ['cip'] }), awards: choose('awardCip', f, { forceRaw: raw }) };
  }

  // The crosswalk rows of the programs under the CIP filter (all programs without one), "no match" rows left out.
  private crosswalk(f: ParsedFilters, p: SqlParams, col: 'soc_code' | 'cip_code'): string {
    const cip = f.cip ? ` AND left(cw.cip_code, ${f.cip.code.length}) = ${p.add(f.cip.code)}` : '';
    return `SELECT cw.${col} FROM cip_soc cw WHERE cw.cip_code <> ${p.add(NO_MATCH_CIP)} AND cw.soc_code <> ${p.add(NO_MATCH_SOC)}${cip}`;
  }

  /** Unique postings per period in the occupations (SOCs) of the programs. */
  openings(f: ParsedFilters, c: SourceChoice): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    const conds = [...s.where, `soc_code IN (${this.crosswalk(f, p, 'soc_code')})`];
    return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(unique_n)::int AS n FROM ${s.from} ${where(conds)} GROUP BY 1`, p.values);
  }

  /** Awards per period in the programs (those the crosswalk knows). */
  awards(f: ParsedFilters, c: SourceChoice): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    const conds = [...s.where, `program_cip IN (${this.crosswalk(f, p, 'cip_code')})`];
    return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(n)::int AS n FROM ${s.from} ${where(conds)} GROUP BY 1`, p.values);
  }
}
