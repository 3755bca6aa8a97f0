import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { naicsTitles } from '../analytics/naics-titles.js';

export interface KeyCount {
  key: string;
  n: number;
}

/** Skill demand (postings naming a skill) and supply (awards of credentials aligned to it), from the rollups or the facts. */
@Injectable()
export class SkillGapRepository {
  constructor(private readonly ds: DataSource) {}

  /** Unique postings naming a skill, per skill, month or sector. */
  demand(f: ParsedFilters, groupBy: string, forceRaw: boolean, needs: readonly string[]): Promise<KeyCount[]> {
    const dimP = groupBy === 'month' ? `to_char(month, 'YYYY-MM')` : groupBy === 'naics2' ? 'naics2' : 'skill_id';

    const p1 = new SqlParams();
    const ps = source('postingSkill', f, p1, { forceRaw, needs });
    return this.ds.query(`SELECT ${dimP} AS key, sum(n)::int AS n FROM ${ps.from} ${where(ps.where)} GROUP BY 1`, p1.values);
  }

  /** Awards of credentials aligned to a skill, per skill, month or sector. */
  supply(f: ParsedFilters, groupBy: string, forceRaw: boolean): Promise<KeyCount[]> {
    // Supply: awards of credentials aligned to the skill. Awards carry no industry: by industry,
    // an award counts where its credential targets that sector (credential_naics).
    const p2 = new SqlParams();
    const aw = source('awardCredential', f, p2, { forceRaw, skip: ['naics', 'skill'] });
    const awardConds = aw.where;
    const skillCond = f.skill !== undefined ? `AND cs.skill_id = ${p2.add(f.skill)}` : '';
    const naicsCond = f.naics ? `AND EXISTS (SELECT 1 FROM credential_naics cn WHERE cn.credential_id = a.credential_id AND left(cn.naics_code, ${f.naics.digits}) = ANY(${p2.add(f.naics.prefixes)}::text[]))` : '';
    const supplySql =
      groupBy === 'skill'
        ? `WITH a AS (SELECT credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1)
           SELECT cs.skill_id AS key, sum(a.n)::int AS n FROM a JOIN credential_skill cs ON cs.credential_id = a.credential_id WHERE true ${skillCond} ${naicsCond} GROUP BY 1`
        : groupBy === 'month'
          ? `WITH a AS (SELECT to_char(month, 'YYYY-MM') AS key, credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1, 2)
             SELECT a.key, sum(a.n)::int AS n FROM a WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = a.credential_id ${skillCond}) ${naicsCond} GROUP BY 1`
          : `WITH a AS (SELECT credential_id, sum(n) AS n FROM ${aw.from} ${where(awardConds)} GROUP BY 1)
             SELECT sec.key, sum(a.n)::int AS n FROM a
             JOIN LATERAL (SELECT DISTINCT left(cn.naics_code, 2) AS key FROM credential_naics cn WHERE cn.credential_id = a.credential_id) sec ON true
             WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = a.credential_id ${skillCond}) ${naicsCond} GROUP BY 1`;
    return this.ds.query(supplySql, p2.values);
  }

  /**
   * Which rows have a supply side at all: a skill with at least one catalogued credential aligned
   * to it (by skill); by month, whether any credential is aligned to the filtered skill (or to any
   * skill); by sector, whether a credential targeting the sector is.
   */
  async aligned(groupBy: string, keys: string[], skill: string | undefined): Promise<(key: string) => boolean> {
    if (groupBy === 'skill') {
      const r: { id: string }[] = await this.ds.query('SELECT DISTINCT skill_id AS id FROM credential_skill WHERE skill_id = ANY($1)', [keys]);
      const set = new Set(r.map((x) => x.id));
      return (k) => set.has(k);
    }
    const skillCond = skill !== undefined ? 'AND cs.skill_id = $1' : '';
    const params = skill !== undefined ? [skill] : [];
    if (groupBy === 'naics2') {
      const r: { key: string }[] = await this.ds.query(
        `SELECT DISTINCT left(cn.naics_code, 2) AS key FROM credential_naics cn WHERE EXISTS (SELECT 1 FROM credential_skill cs WHERE cs.credential_id = cn.credential_id ${skillCond})`,
        params,
      );
      const set = new Set(r.map((x) => x.key));
      return (k) => set.has(k);
    }
    const [r]: { any: boolean }[] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM credential_skill cs WHERE true ${skillCond}) AS any`, params);
    return () => r.any;
  }

  async labels(groupBy: string, keys: string[]): Promise<Map<string, string>> {
    if (groupBy === 'skill') {
      const r: { id: string; name: string }[] = await this.ds.query('SELECT id, name FROM skill WHERE id = ANY($1)', [keys]);
      return new Map(r.map((x) => [x.id, x.name]));
    }
    if (groupBy === 'naics2') {
      return naicsTitles(this.ds, keys);
    }
    return new Map();
  }
}
