import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { choose, sourceOf, type SourceChoice } from '../analytics/catalogue/source.js';

export interface PeriodDegreeCounts {
  key: string;
  postings: number;
  bachelor: number;
  skillsFirst: number;
}
export interface PeriodNaming {
  key: string;
  level: 1 | 2 | 3;
  n: number;
}

/** Recognition per period (groupBy=period): each figure one GROUP BY over the period key. */
@Injectable()
export class RecognitionSeriesRepository {
  constructor(private readonly ds: DataSource) {}

  /** The sources of one answer: all from the rollups or all from raw rows, so its figures agree. */
  sources(f: ParsedFilters, forceRaw = false): { posting: SourceChoice; naming: SourceChoice; target: SourceChoice } {
    const pick = (raw: boolean) => ({
      posting: choose('posting', f, { forceRaw: raw, skip: ['credential'] }),
      naming: choose(f.naics ? 'postingCredential' : 'credentialNaming', f, { forceRaw: raw, skip: ['credential'] }),
      target: choose(f.naics ? 'credentialMarket' : 'postingSoc', f, { forceRaw: raw, skip: ['credential'] }),
    });
    const first = pick(forceRaw);
    return first.posting.rollup && first.naming.rollup && first.target.rollup ? first : pick(true);
  }

  /** Unique postings, bachelor's-required and skills-first postings per period. */
  degreeCounts(f: ParsedFilters, c: SourceChoice): Promise<PeriodDegreeCounts[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    return this.ds.query(
      `SELECT ${periodKeySql(f.granularity, 'month')} AS key, COALESCE(sum(unique_n), 0)::int AS postings,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS "skillsFirst"
       FROM ${s.from} ${where(s.where)} GROUP BY 1`,
      p.values,
    );
  }

  /** Postings naming the credential (0: any micro-credential, at its strongest level) per period and level, in its target SOCs. */
  naming(f: ParsedFilters, c: SourceChoice, credential: number): Promise<PeriodNaming[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    const conds = [...s.where, 'in_target', `credential_id = ${p.add(credential)}`];
    return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'month')} AS key, level, sum(n)::int AS n FROM ${s.from} ${where(conds)} GROUP BY 1, 2`, p.values);
  }

  /** Unique postings in the credential's target SOCs per period (the naming rate's denominator). */
  targetPostings(f: ParsedFilters, c: SourceChoice, credential: number): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    const conds = s.where;
    const sql = f.naics
      ? `SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(target_n)::int AS n FROM ${s.from} ${where([...conds, `credential_id = ${p.add(credential)}`])} GROUP BY 1`
      : `SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(unique_n)::int AS n FROM ${s.from}
         ${where([...conds, `soc_code IN (SELECT cs.soc_code FROM credential_soc cs WHERE cs.credential_id = ${p.add(credential)})`])} GROUP BY 1`;
    return this.ds.query(sql, p.values);
  }
}
