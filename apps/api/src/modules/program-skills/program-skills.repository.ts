import { Injectable } from '@nestjs/common';
import { NO_MATCH_SOC } from '@credpulse/taxonomy';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, whereFilters, type ColumnMap } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';

const POSTING: ColumnMap = { date: 'p.posted_date', state: 'p.state_fips', county: 'p.county_fips', postingId: 'p.id', naics: 'p.naics_code', soc: 'p.soc_code', socSource: 'p.soc_source' };

export interface SkillDemand {
  skillId: string;
  name: string;
  demand: number;
  required: number;
}

@Injectable()
export class ProgramSkillsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Unique postings in the program's occupations, and the skills they require or prefer, most named first. */
  async demand(f: ParsedFilters, cip: string, limit: number): Promise<{ postings: number; skills: SkillDemand[] }> {
    const p = new SqlParams();
    const cte = postsCte(f, cip, p);
    const [{ n }] = await this.ds.query(`${cte} SELECT count(*)::int AS n FROM posts`, p.values);
    const skills: SkillDemand[] = await this.ds.query(
      `${cte}
       SELECT ps.skill_id AS "skillId", s.name, count(*)::int AS demand, (count(*) FILTER (WHERE ps.level = 1))::int AS required
       FROM posting_skill ps JOIN posts ON posts.id = ps.posting_id JOIN skill s ON s.id = ps.skill_id
       WHERE ps.level IN (1, 2)
       GROUP BY 1, 2 ORDER BY demand DESC, 1 LIMIT ${p.add(limit)}`,
      p.values,
    );
    return { postings: n, skills };
  }

  /**
   * Per period (groupBy=period): unique postings in the program's occupations, those requiring or
   * preferring any skill, and those requiring or preferring one of `covered`.
   */
  demandByPeriod(f: ParsedFilters, cip: string, covered: string[]): Promise<{ key: string; postings: number; withSkills: number; covered: number }[]> {
    const p = new SqlParams();
    const cte = postsCte(f, cip, p, periodKeySql(f.granularity, 'p.posted_date'));
    const named = (extra: string) => `EXISTS (SELECT 1 FROM posting_skill ps WHERE ps.posting_id = posts.id AND ps.level IN (1, 2)${extra})`;
    return this.ds.query(
      `${cte}
       SELECT key, count(*)::int AS postings, (count(*) FILTER (WHERE ${named('')}))::int AS "withSkills",
              (count(*) FILTER (WHERE ${named(` AND ps.skill_id = ANY(${p.add(covered)}::text[])`)}))::int AS covered
       FROM posts GROUP BY 1`,
      p.values,
    );
  }

  /**
   * Credentials linked to the program: aligned to its CIP in the catalog, or earned by at least k
   * people in it (a smaller number would say something about a handful of people). With their skills.
   */
  async coverage(cip: string, k: number): Promise<{ credentials: number; bySkill: Map<string, string[]> }> {
    const rows: { id: number; name: string; skill_id: string | null }[] = await this.ds.query(
      `WITH linked AS (
         SELECT credential_id AS id FROM credential_cip WHERE left(cip_code, ${cip.length}) = $1
         UNION
         SELECT credential_id FROM credential_award WHERE left(program_cip, ${cip.length}) = $1 GROUP BY credential_id HAVING count(*) >= $2
       )
       SELECT c.id, c.name, cs.skill_id FROM linked l JOIN credential c ON c.id = l.id LEFT JOIN credential_skill cs ON cs.credential_id = c.id`,
      [cip, k],
    );
    const bySkill = new Map<string, string[]>();
    for (const r of rows) {
      if (r.skill_id === null) continue;
      const list = bySkill.get(r.skill_id) ?? [];
      if (!list.includes(r.name)) list.push(r.name);
      bySkill.set(r.skill_id, list);
    }
    return { credentials: new Set(rows.map((r) => r.id)).size, bySkill };
  }
}

// The program's occupations (CIP-SOC crosswalk, "no match" left out) and the unique postings in
// them under the filters; `key`: a period key column for groupBy=period.
function postsCte(f: ParsedFilters, cip: string, p: SqlParams, key?: string): string {
  const conds = whereFilters(f, POSTING, p, ['cip']);
  return `
      WITH socs AS (SELECT DISTINCT soc_code FROM cip_soc WHERE left(cip_code, ${cip.length}) = ${p.add(cip)} AND soc_code <> '${NO_MATCH_SOC}'),
      posts AS (SELECT p.id${key ? `, ${key} AS key` : ''} FROM job_posting p WHERE NOT p.is_duplicate AND p.soc_code IN (SELECT soc_code FROM socs)${conds.length ? ` AND ${conds.join(' AND ')}` : ''})`;
}
