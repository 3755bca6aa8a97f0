import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { choose, rollupCanAnswer, sourceOf, type SourceChoice } from '../analytics/catalogue/source.js';

/** Skill supply and demand per period (groupBy=period): one GROUP BY over the period key each. */
@Injectable()
export class SkillGapSeriesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Rollups for both sides, or raw rows for both. */
  sources(f: ParsedFilters, forceRaw = false): { postings: SourceChoice; awards: SourceChoice } {
    const raw = forceRaw || !rollupCanAnswer('postingSkill', f) || !rollupCanAnswer('awardCredential', f, { skip: ['naics', 'skill'] });
    return { postings: choose('postingSkill', f, { forceRaw: raw }), awards: choose('awardCredential', f, { forceRaw: raw, skip: ['naics', 'skill'] }) };
  }

  /** Postings naming the skill (each skill a posting names once; all skills without a skill filter) per period. */
  demand(f: ParsedFilters, c: SourceChoice): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'month')} AS key, sum(n)::int AS n FROM ${s.from} ${where(s.where)} GROUP BY 1`, p.values);
  }

  /**
   * Awards per period of credentials aligned to the filtered skill (to any skill without one); under
   * a NAICS filter, of credentials targeting that industry (awards carry no industry).
   */
  supply(f: ParsedFilters, c: SourceChoice): Promise<{ key: string; n: number }[]> {
    const p = new SqlParams();
    const s = sourceOf(c, f, p);
    const conds = s.where;
    const skillCond = f.skill !== undefined ? `AND cs.skill_id = ${p.add(f.skill)}` : '';
    const naicsCond = f.naics
      ? `AND EXISTS (SELECT 1 FROM credential_naics cn WHERE cn.credential_id = a.credential_id AND left(cn.naics_code, ${f.naics.digits}) = ANY(${p.add(f.naics.prefixes)}::text[]))`
      : '';
    return this.ds.query(
      `WITH a AS (SELECT ${periodKeySql(f.granularity, 'month')} AS key, credential_id, sum(n) AS n FROM ${s.from} ${where(conds)} GROUP BY 1, 2)
       SELECT a.key, sum(a.n)::int AS n FROM a WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = a.credential_id ${skillCond}) ${naicsCond} GROUP BY 1`,
      p.values,
    );
  }

  /** Whether any catalogued credential is aligned to the skill (to any skill without a filter). */
  async aligned(skill: string | undefined): Promise<boolean> {
    const [r]: { any: boolean }[] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM credential_skill cs ${skill !== undefined ? 'WHERE cs.skill_id = $1' : ''}) AS any`, skill !== undefined ? [skill] : []);
    return r.any;
  }
}
