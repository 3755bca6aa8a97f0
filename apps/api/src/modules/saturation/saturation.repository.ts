import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where, whereFilters, type ColumnMap } from '../analytics/filters/sql-builder.js';
import { rollupCan } from '../analytics/rollups/rollup-where.js';
import { PEOPLE_AWARD_MAP } from '../equity/equity-rollup.js';

const POSTING_MAP: ColumnMap = { date: 'p.posted_date', state: 'p.state_fips', county: 'p.county_fips', postingId: 'p.id' };
// The rollups (month, state with national rows 'US'): awards per credential (rollup_award_credential;
// the provider through the credential as it is now), postings per skill (rollup_saturation_skill) and
// postings naming each credential (rollup_saturation_named).
const AWARD_ROLLUP_MAP: ColumnMap = { date: 'r.month', state: 'r.state_fips', provider: 'c.provider_id', awards: true };
const POSTING_ROLLUP_MAP: ColumnMap = { date: 'x.month', state: 'x.state_fips' };
// Filters the posting side does not take (they describe credentials and awards).
const POSTING_SKIP = ['skill', 'cip', 'credential', 'provider'] as const;

export interface SkillAggregate {
  skillId: string;
  name: string;
  credentials: number;
  postings: number;
  /** Ids of aligned credentials with awards in the period. */
  awarded: number[];
}

export interface CredentialAwards {
  id: number;
  name: string;
  awards: number;
  named: boolean;
}

@Injectable()
export class SaturationRepository {
  constructor(private readonly ds: DataSource) {}

  /** Whether the rollups can answer `f`: the nation or a state, with date and provider filters. */
  rollupCan(f: ParsedFilters): boolean {
    return rollupCan(f, AWARD_ROLLUP_MAP, ['skill']);
  }

  /** Awards per credential in the period (filters on awards), and whether a posting named it; sorted by id. */
  async credentials(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<CredentialAwards[]> {
    const p = new SqlParams();
    let sql: string;
    if (!opts.raw && this.rollupCan(f)) {
      const award = whereFilters(f, AWARD_ROLLUP_MAP, p, ['skill']);
      const posting = whereFilters(f, POSTING_ROLLUP_MAP, p, [...POSTING_SKIP]);
      if (f.region.kind === 'us') {
        award.push(`r.state_fips = 'US'`);
        posting.push(`x.state_fips = 'US'`);
      }
      sql = `WITH aw AS (
               SELECT r.credential_id AS id, sum(r.n)::int AS awards
               FROM rollup_award_credential r JOIN credential c ON c.id = r.credential_id ${where(award)} GROUP BY 1
             )
             SELECT aw.id, c.name, aw.awards,
                    EXISTS (SELECT 1 FROM rollup_saturation_named x ${where(['x.credential_id = aw.id', ...posting])}) AS named
             FROM aw JOIN credential c ON c.id = aw.id ORDER BY aw.id`;
    } else {
      const award = whereFilters(f, PEOPLE_AWARD_MAP, p, ['skill']);
      const posting = whereFilters(f, POSTING_MAP, p, [...POSTING_SKIP]);
      sql = `WITH aw AS (
               SELECT ca.credential_id AS id, count(*)::int AS awards
               FROM credential_award ca JOIN credential c ON c.id = ca.credential_id ${where(award)} GROUP BY 1
             )
             SELECT aw.id, c.name, aw.awards,
                    EXISTS (SELECT 1 FROM posting_credential pc JOIN job_posting p ON p.id = pc.posting_id
                            ${where(['pc.credential_id = aw.id', ...posting])}) AS named
             FROM aw JOIN credential c ON c.id = aw.id ORDER BY aw.id`;
    }
    return this.ds.query(sql, p.values);
  }

  /**
   * Per skill: aligned credentials, aligned credentials with awards, unique postings requiring or
   * preferring it; sorted by skill id. Postings from rollup_saturation_skill when the rollups can
   * answer `f` (unless `raw`).
   */
  async skills(f: ParsedFilters, awardedIds: number[], opts: { raw?: boolean } = {}): Promise<SkillAggregate[]> {
    const p = new SqlParams();
    let pc: string;
    if (!opts.raw && this.rollupCan(f)) {
      const posting = whereFilters(f, POSTING_ROLLUP_MAP, p, [...POSTING_SKIP]);
      if (f.region.kind === 'us') posting.push(`x.state_fips = 'US'`);
      pc = `SELECT x.skill_id, sum(x.n)::int AS n FROM rollup_saturation_skill x ${where(posting)} GROUP BY 1`;
    } else {
      const posting = whereFilters(f, POSTING_MAP, p, [...POSTING_SKIP]);
      pc = `SELECT ps.skill_id, count(*)::int AS n FROM posting_skill ps JOIN job_posting p ON p.id = ps.posting_id
            ${where(['ps.level IN (1, 2)', 'NOT p.is_duplicate', ...posting])} GROUP BY 1`;
    }
    const ids = p.add(awardedIds);
    const skill = f.skill !== undefined ? `WHERE cs.skill_id = ${p.add(f.skill)}` : '';
    return this.ds.query(
      `WITH pc AS (${pc})
       SELECT s.id AS "skillId", s.name, count(*)::int AS credentials, COALESCE(max(pc.n), 0)::int AS postings,
              COALESCE(array_agg(cs.credential_id ORDER BY cs.credential_id) FILTER (WHERE cs.credential_id = ANY(${ids}::int[])), '{}') AS awarded
       FROM credential_skill cs JOIN skill s ON s.id = cs.skill_id LEFT JOIN pc ON pc.skill_id = s.id
       ${skill}
       GROUP BY s.id, s.name ORDER BY s.id`,
      p.values,
    );
  }
}
