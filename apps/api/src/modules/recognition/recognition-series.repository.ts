import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { nationCondition, pickSource, type Source } from '../analytics/rollups/sources.js';

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
  sources(f: ParsedFilters, forceRaw = false): { posting: Source; naming: Source; target: Source } {
    const pick = (raw: boolean) => ({
      posting: pickSource('posting', f, { forceRaw: raw, skip: ['credential'] }),
      naming: pickSource(f.naics ? 'postingCredential' : 'credentialNaming', f, { forceRaw: raw }),
      target: pickSource(f.naics ? 'credentialMarket' : 'postingSoc', f, { forceRaw: raw, skip: ['credential'] }),
    });
    const first = pick(forceRaw);
    return first.posting.rollup && first.naming.rollup && first.target.rollup ? first : pick(true);
  }

  /** Unique postings, bachelor's-required and skills-first postings per period. */
  degreeCounts(f: ParsedFilters, s: Source): Promise<PeriodDegreeCounts[]> {
    const p = new SqlParams();
    return this.ds.query(
      `SELECT ${periodKeySql(f.granularity, 'month')} AS key, COALESCE(sum(unique_n), 0)::int AS postings,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
              COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS "skillsFirst"
       FROM ${s.from} x ${where([...whereFilters(f, s.map, p, ['credential']), ...nationCondition(s, f)])} GROUP BY 1`,
      p.values,
    );
  }

  /** Postings naming the credential (0: any micro-credential, at its strongest level) per period and level, in its target SOCs. */
  naming(f: ParsedFilters, s: Source, credential: number): Promise<PeriodNaming[]> {
    const p = new SqlParams();
    const conds = [...whereFilters(f, s.map, p, ['credential']), ...nationCondition(s, f), 'in_target', `credential_id = ${p.add(credential)}`];
    return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'month')} AS key, level, sum(n)::int AS n FROM ${s.from} x ${where(conds)} GROUP BY 1, 2`, p.values);
  }

  /** Unique postings in the credential's target SOCs per period (the naming rate's denominator). */
  targetPostings(f: ParsedFilters, s: Source, credential: number): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const conds = [...whereFilters(f, s.map, p, ['credential']), ...nationCondition(s, f)];
    const sql = f.naics
      ? `SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(target_n)::int AS n FROM ${s.from} x ${where([...conds, `credential_id = ${p.add(credential)}`])} GROUP BY 1`
      : `SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(unique_n)::int AS n FROM ${s.from} x
         ${where([...conds, `soc_code IN (SELECT cs.soc_code FROM credential_soc cs WHERE cs.credential_id = ${p.add(credential)})`])} GROUP BY 1`;
    return this.ds.query(sql, p.values);
  }
}
