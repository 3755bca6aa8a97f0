import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rollupCanAnswer, source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';

// Sources (catalogue): awards per credential (awardCredential; the provider through the credential as
// it is now), postings per skill required or preferred (saturationSkill) and postings naming each
// credential (saturationNamed), or the facts they group.
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
    return rollupCanAnswer('awardCredential', f, { skip: ['skill'] }) && rollupCanAnswer('saturationNamed', f, { skip: [...POSTING_SKIP] });
  }

  /** Awards per credential in the period (filters on awards), and whether a posting named it; sorted by id. */
  async credentials(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<CredentialAwards[]> {
    const p = new SqlParams();
    const forceRaw = opts.raw === true || !this.rollupCan(f);
    const aw = source('awardCredential', f, p, { forceRaw, skip: ['skill'] });
    const named = source('saturationNamed', f, p, { forceRaw, skip: [...POSTING_SKIP] });
    return this.ds.query(
      `WITH aw AS (SELECT credential_id AS id, sum(n)::int AS awards FROM ${aw.from} ${where(aw.where)} GROUP BY 1)
       SELECT aw.id, cr.name, aw.awards, EXISTS (SELECT 1 FROM ${named.from} ${where(['x.credential_id = aw.id', ...named.where])}) AS named
       FROM aw JOIN credential cr ON cr.id = aw.id ORDER BY aw.id`,
      p.values,
    );
  }

  /**
   * Per skill: aligned credentials, aligned credentials with awards, unique postings requiring or
   * preferring it; sorted by skill id. Postings from the saturation rollup when it can answer `f`
   * (unless `raw`), else from the posting facts.
   */
  async skills(f: ParsedFilters, awardedIds: number[], opts: { raw?: boolean } = {}): Promise<SkillAggregate[]> {
    const p = new SqlParams();
    const ps = source('saturationSkill', f, p, { forceRaw: opts.raw === true || !this.rollupCan(f), skip: [...POSTING_SKIP] });
    const pc = `SELECT skill_id, sum(n)::int AS n FROM ${ps.from} ${where(ps.where)} GROUP BY 1`;
    const ids = p.add(awardedIds);
    const skill = f.skill !== undefined ? `WHERE cs.skill_id = ${p.add(f.skill)}` : '';
    // The aligned credentials grouped per skill first, then each of those skills' name looked up by
    // its key (credential_skill.skill_id references skill): joining the skill table first read all
    // 22k skills for ~600 (median 46 -> 28 ms for a national year at 1M, load 10; same rows).
    return this.ds.query(
      `WITH pc AS (${pc}),
       c AS (SELECT cs.skill_id, count(*)::int AS credentials,
                    COALESCE(array_agg(cs.credential_id ORDER BY cs.credential_id) FILTER (WHERE cs.credential_id = ANY(${ids}::int[])), '{}') AS awarded
             FROM credential_skill cs ${skill} GROUP BY 1)
       SELECT c.skill_id AS "skillId", (SELECT s.name FROM skill s WHERE s.id = c.skill_id) AS name, c.credentials, COALESCE(pc.n, 0)::int AS postings, c.awarded
       FROM c LEFT JOIN pc ON pc.skill_id = c.skill_id
       ORDER BY c.skill_id`,
      p.values,
    );
  }
}
