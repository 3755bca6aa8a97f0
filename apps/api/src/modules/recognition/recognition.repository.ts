import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RollupName } from '../analytics/catalogue/catalogue.js';
import { source, type SourceOptions } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { naicsTitles } from '../analytics/naics-titles.js';

/** Unique postings, bachelor's-required and skills-first (no degree or a credential in lieu) counts. */
const DEGREE_SUMS = `COALESCE(sum(unique_n), 0)::int AS postings, COALESCE(sum(unique_n) FILTER (WHERE degree_level >= 3), 0)::int AS bachelor,
  COALESCE(sum(unique_n) FILTER (WHERE degree_level = 0 OR in_lieu), 0)::int AS "skillsFirst"`;

export interface DegreeCounts {
  postings: number;
  bachelor: number;
  skillsFirst: number;
}

/** Postings naming credentials, and their denominators, from the rollups or the posting facts (the catalogue chooses). */
@Injectable()
export class RecognitionRepository {
  constructor(private readonly ds: DataSource) {}

  /** Degree counts of the postings matching `f` (the credential filter concerns mentions only), in total or per `key`. */
  degreeCounts(f: ParsedFilters, opts: SourceOptions): Promise<DegreeCounts[]>;
  degreeCounts(f: ParsedFilters, opts: SourceOptions, key: string): Promise<(DegreeCounts & { key: string })[]>;
  degreeCounts(f: ParsedFilters, opts: SourceOptions, key?: string): Promise<DegreeCounts[]> {
    const p = new SqlParams();
    const s = source('posting', f, p, { ...opts, skip: ['credential'] });
    return this.ds.query(`SELECT ${key ? `${key} AS key, ` : ''}${DEGREE_SUMS} FROM ${s.from} ${where(s.where)}${key ? ' GROUP BY 1 ORDER BY 1' : ''}`, p.values);
  }

  /** Mentions per credential (or per `key`) and level: in target SOCs only for a credential, credential 0 = any micro-credential. */
  async named(f: ParsedFilters, name: RollupName, opts: SourceOptions, by: { key: string; credentialIds: string; inTarget: boolean }): Promise<{ key: string; level: 1 | 2 | 3; n: number }[]> {
    const p = new SqlParams();
    const s = source(name, f, p, { ...opts, skip: ['credential'] });
    const conds = [...s.where, ...(by.inTarget ? ['in_target'] : [])];
    if (by.credentialIds === 'filter') conds.push(`credential_id IN (0, ${p.add(f.credential)})`);
    else if (by.credentialIds === 'one') conds.push(`credential_id = ${p.add(f.credential ?? 0)}`);
    return this.ds.query(`SELECT ${by.key} AS key, level, sum(n)::int AS n FROM ${s.from} ${where(conds)} GROUP BY 1, 2`, p.values);
  }

  /**
   * Unique postings in each credential's target SOCs (every credential with target SOCs, 0 where its
   * SOCs had none): postings per SOC summed over the targets, or under a sector filter the market
   * rollup (postings per SOC carry no sector).
   */
  async targets(f: ParsedFilters, opts: SourceOptions): Promise<{ id: number; n: number }[]> {
    const p = new SqlParams();
    const bySector = f.naics !== undefined;
    const s = source(bySector ? 'credentialMarket' : 'postingSoc', f, p, { ...opts, skip: ['credential'] });
    const credFilter = f.credential !== undefined ? `WHERE cs.credential_id = ${p.add(f.credential)}` : '';
    return this.ds.query(
      bySector
        ? `WITH s AS (SELECT credential_id, sum(target_n) AS n FROM ${s.from} ${where(s.where)} GROUP BY 1)
           SELECT cs.credential_id AS id, COALESCE(max(s.n), 0)::int AS n FROM credential_soc cs LEFT JOIN s ON s.credential_id = cs.credential_id ${credFilter} GROUP BY 1`
        : `WITH s AS (SELECT soc_code, sum(unique_n) AS n FROM ${s.from} ${where(s.where)} GROUP BY 1)
           SELECT cs.credential_id AS id, COALESCE(sum(s.n), 0)::int AS n FROM credential_soc cs LEFT JOIN s ON s.soc_code = cs.soc_code ${credFilter} GROUP BY 1`,
      p.values,
    );
  }

  async credentialNames(ids: number[]): Promise<Map<number, string>> {
    const names: { id: number; name: string }[] = await this.ds.query('SELECT id, name FROM credential WHERE id = ANY($1)', [ids]);
    return new Map(names.map((n) => [n.id, n.name]));
  }

  naicsTitles(codes: string[]): Promise<Map<string, string>> {
    return naicsTitles(this.ds, codes);
  }
}
