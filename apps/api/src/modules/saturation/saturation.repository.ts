import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where, whereFilters, type ColumnMap } from '../analytics/filters/sql-builder.js';
import { AWARD_MAP } from '../outcomes/people-k.js';

const POSTING_MAP: ColumnMap = { date: 'p.posted_date', state: 'p.state_fips', county: 'p.county_fips' };

export interface SkillAggregate {
  skillId: string;
  name: string;
  credentials: number;
  postings: number;
  /** Ids of aligned credentials with awards in the period. */
  awarded: number[];
}

@Injectable()
export class SaturationRepository {
  constructor(private readonly ds: DataSource) {}

  /** Awards per credential in the period (filters on awards), and whether a posting named it. */
  async credentials(f: ParsedFilters): Promise<{ id: number; name: string; awards: number; named: boolean }[]> {
    const p = new SqlParams();
    const award = whereFilters(f, AWARD_MAP, p, ['skill']);
    const posting = whereFilters(f, POSTING_MAP, p, ['skill', 'cip', 'credential', 'provider']);
    return this.ds.query(
      `WITH aw AS (
         SELECT ca.credential_id AS id, count(*)::int AS awards
         FROM credential_award ca JOIN credential c ON c.id = ca.credential_id ${where(award)} GROUP BY 1
       )
       SELECT aw.id, c.name, aw.awards,
              EXISTS (SELECT 1 FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id
                      ${where(['pc.credential_id = aw.id', ...posting])}) AS named
       FROM aw JOIN credential c ON c.id = aw.id`,
      p.values,
    );
  }

  /** Per skill: aligned credentials, aligned credentials with awards, unique postings requiring or preferring it. */
  async skills(f: ParsedFilters, awardedIds: number[]): Promise<SkillAggregate[]> {
    const p = new SqlParams();
    const posting = whereFilters(f, POSTING_MAP, p, ['skill', 'cip', 'credential', 'provider']);
    const ids = p.add(awardedIds);
    const skill = f.skill !== undefined ? `WHERE cs.skill_id = ${p.add(f.skill)}` : '';
    return this.ds.query(
      `WITH pc AS (
         SELECT ps.skill_id, count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id
         ${where(['ps.level IN (1, 2)', 'NOT p.is_duplicate', ...posting])} GROUP BY 1
       )
       SELECT s.id AS "skillId", s.name, count(*)::int AS credentials, COALESCE(max(pc.n), 0)::int AS postings,
              COALESCE(array_agg(cs.credential_id) FILTER (WHERE cs.credential_id = ANY(${ids}::int[])), '{}') AS awarded
       FROM credential_skill cs JOIN skill s ON s.id = cs.skill_id LEFT JOIN pc ON pc.skill_id = s.id
       ${skill}
       GROUP BY s.id, s.name`,
      p.values,
    );
  }
}
