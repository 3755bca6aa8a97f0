import { NO_MATCH_CIP, NO_MATCH_SOC } from '@credpulse/taxonomy';
import type { DataSource } from 'typeorm';
import { source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';

export interface CrosswalkRow {
  cip: string;
  soc: string;
  cip_title: string | null;
  soc_title: string | null;
}

/** Program demand's own reads: the CIP-SOC crosswalk, postings per SOC and awards per program (rollups or facts). */
export class ProgramDemandRepository {
  constructor(private readonly ds: DataSource) {}

  /** Changes whenever the taxonomies are loaded again. */
  async taxonomyVersion(): Promise<string> {
    const [{ v }]: { v: string }[] = await this.ds.query(`SELECT COALESCE(max(loaded_at)::text, '') AS v FROM taxonomy_version`);
    return v;
  }

  /** Changes whenever public data is loaded. */
  async publicDataVersion(): Promise<string> {
    const [{ p }]: { p: string }[] = await this.ds.query(`SELECT count(*) || ':' || COALESCE(max(loaded_at)::text, '') AS p FROM public_data_load`);
    return p;
  }

  /** The crosswalk with titles, without its "no match" rows (CIP 99.9999 / SOC 99-9999 pair a code with nothing). */
  crosswalk(): Promise<CrosswalkRow[]> {
    return this.ds.query(
      `SELECT cs.cip_code AS cip, cs.soc_code AS soc, c.title AS cip_title, s.title AS soc_title
       FROM cip_soc cs LEFT JOIN cip c ON c.code = cs.cip_code LEFT JOIN soc s ON s.code = cs.soc_code
       WHERE cs.cip_code <> $1 AND cs.soc_code <> $2`,
      [NO_MATCH_CIP, NO_MATCH_SOC],
    );
  }

  /** Unique postings per SOC (the CIP filter concerns programs). */
  openings(f: ParsedFilters, forceRaw: boolean): Promise<{ soc: string; n: number }[]> {
    const p = new SqlParams();
    const s = source('postingSoc', f, p, { forceRaw, skip: ['cip'] });
    return this.ds.query(`SELECT soc_code AS soc, sum(unique_n)::int AS n FROM ${s.from} ${where(s.where)} GROUP BY 1`, p.values);
  }

  /** Micro-credential awards per program CIP (awards without a program left out). */
  awards(f: ParsedFilters, forceRaw: boolean): Promise<{ cip: string; n: number }[]> {
    const p = new SqlParams();
    const s = source('awardCip', f, p, { forceRaw });
    return this.ds.query(`SELECT program_cip AS cip, sum(n)::int AS n FROM ${s.from} ${where([...s.where, `program_cip <> '--'`])} GROUP BY 1`, p.values);
  }
}
