import { NO_MATCH_CIP, NO_MATCH_SOC } from '@credpulse/taxonomy';
import type { DataSource } from 'typeorm';
import { source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { DATA_VERSION_SQL } from '../analytics/response-cache.interceptor.js';
import { PUBLIC_DATA_VERSION_SQL, TAXONOMY_VERSION_SQL } from './public-demand.repository.js';

export interface DemandVersions {
  data: string;
  publicData: string;
  taxonomy: string;
}

export interface CrosswalkRow {
  cip: string;
  soc: string;
  cip_title: string | null;
  soc_title: string | null;
}

/** Program demand's own reads: the CIP-SOC crosswalk, postings per SOC and awards per program (rollups or facts). */
export class ProgramDemandRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The versions an answer depends on, in one round trip (on a busy server each round trip waits
   * for a core): `data` (dataVersion: ingest, refresh, demo and taxonomy loads), `publicData`
   * (public-data loads) and `taxonomy` (taxonomy loads: the crosswalk, O*NET job zones).
   */
  async versions(): Promise<DemandVersions> {
    const [r]: DemandVersions[] = await this.ds.query(
      `SELECT ${DATA_VERSION_SQL} AS data,
              ${PUBLIC_DATA_VERSION_SQL} AS "publicData", ${TAXONOMY_VERSION_SQL} AS taxonomy`,
    );
    return { data: r.data ?? '', publicData: r.publicData, taxonomy: r.taxonomy };
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
