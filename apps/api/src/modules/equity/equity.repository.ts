import { Injectable } from '@nestjs/common';
import type { EquityDimensionName } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { DIMENSION_SQL, PEOPLE_AWARD_MAP } from '../analytics/catalogue/people-facts.js';
import { rollupCanAnswer, source } from '../analytics/catalogue/source.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';

export interface GroupCount {
  dimension: EquityDimensionName | '*';
  grp: string;
  n: number;
}

// The equity rollups (catalogue: equity, by month and state with national rows 'US'; and
// equityCredential, nationally by month and credential, the provider through the credential as it is
// now, as on the raw path). CIP, county, CBSA, custom regions and a state with a credential or
// provider read the awards (award_people_state_idx serves the last).
@Injectable()
export class EquityRepository {
  constructor(private readonly ds: DataSource) {}

  /** The rollup that can answer `f`, if any: a state or the nation, or the nation by credential or provider. */
  rollupFor(f: ParsedFilters): 'region' | 'credential' | undefined {
    if (rollupCanAnswer('equityCredential', f) && (f.credential !== undefined || f.provider !== undefined)) return 'credential';
    if (rollupCanAnswer('equity', f)) return 'region';
    return undefined;
  }

  /**
   * Awards per group of each dimension, plus the total (dimension '*'), sorted by dimension and
   * group. From the rollups when they can answer `f` (unless `raw`), else from credential_award.
   */
  async counts(f: ParsedFilters, dims: readonly EquityDimensionName[], opts: { raw?: boolean } = {}): Promise<GroupCount[]> {
    const rollup = opts.raw ? undefined : this.rollupFor(f);
    const rows = rollup ? await this.rollupCounts(f, dims, rollup) : await this.rawCounts(f, dims);
    return rows.sort((a, b) => (a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : 0));
  }

  private rawCounts(f: ParsedFilters, dims: readonly EquityDimensionName[]): Promise<GroupCount[]> {
    const p = new SqlParams();
    const conds = whereFilters(f, PEOPLE_AWARD_MAP, p);
    const parts = dims.map((d) => `SELECT '${d}' AS dimension, ${DIMENSION_SQL[d]} AS grp, count(*)::int AS n FROM a GROUP BY 2`);
    const sql = `
      WITH a AS (
        SELECT ca.age_band, ca.sex, ca.race_ethnicity, ca.low_income, co.rural
        FROM credential_award ca JOIN credential c ON c.id = ca.credential_id LEFT JOIN county co ON co.fips = ca.county_fips
        ${where(conds)}
      )
      ${[...parts, `SELECT '*', '*', count(*)::int FROM a`].join(' UNION ALL ')}`;
    return this.ds.query(sql, p.values);
  }

  private async rollupCounts(f: ParsedFilters, dims: readonly EquityDimensionName[], rollup: 'region' | 'credential'): Promise<GroupCount[]> {
    const p = new SqlParams();
    const s = source(rollup === 'credential' ? 'equityCredential' : 'equity', f, p);
    const conds = [...s.where, `x.dimension = ANY(${p.add(['*', ...dims])}::text[])`];
    const rows: GroupCount[] = await this.ds.query(`SELECT x.dimension, x.grp, sum(x.n)::int AS n FROM ${s.from} ${where(conds)} GROUP BY 1, 2`, p.values);
    // The raw path always has a total row (count 0 when no award matches).
    if (!rows.some((r) => r.dimension === '*')) rows.push({ dimension: '*', grp: '*', n: 0 });
    return rows;
  }

  /** Population by group of the filter's region (region_population), when loaded. */
  async population(f: ParsedFilters): Promise<{ dimension: string; grp: string; population: number }[]> {
    const code = f.region.kind === 'us' ? 'us' : f.region.code;
    const rows: { dimension: string; grp: string; population: string }[] = await this.ds.query(
      `SELECT group_kind AS dimension, group_value AS grp, population FROM region_population WHERE region_kind = $1 AND region_code = $2`,
      [f.region.kind, code],
    );
    return rows.map((r) => ({ ...r, population: Number(r.population) }));
  }
}
