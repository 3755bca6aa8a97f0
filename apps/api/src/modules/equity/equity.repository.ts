import { Injectable } from '@nestjs/common';
import type { EquityDimensionName } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, supports, where, whereFilters, type ColumnMap } from '../analytics/filters/sql-builder.js';
import { DIMENSION_SQL, PEOPLE_AWARD_MAP } from './equity-rollup.js';

export interface GroupCount {
  dimension: EquityDimensionName | '*';
  grp: string;
  n: number;
}

// The equity rollups: rollup_equity (month, state with national rows 'US') and, nationally only,
// rollup_equity_credential (month, credential; the provider through the credential as it is now,
// as on the raw path). CIP, county, CBSA, custom regions and a state with a credential or provider
// read the awards (award_people_state_idx serves the last).
const ROLLUP_MAP: ColumnMap = { date: 'r.month', state: 'r.state_fips', awards: true };
const ROLLUP_CREDENTIAL_MAP: ColumnMap = { date: 'r.month', credential: 'r.credential_id', provider: 'c.provider_id', awards: true };

@Injectable()
export class EquityRepository {
  constructor(private readonly ds: DataSource) {}

  /** The rollup that can answer `f`, if any: a state or the nation, or the nation by credential or provider. */
  rollupFor(f: ParsedFilters): 'region' | 'credential' | undefined {
    if (f.region.kind === 'us' && supports(f, ROLLUP_CREDENTIAL_MAP) && (f.credential !== undefined || f.provider !== undefined)) return 'credential';
    if ((f.region.kind === 'us' || f.region.kind === 'state') && supports(f, ROLLUP_MAP)) return 'region';
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
    const conds =
      rollup === 'credential'
        ? whereFilters(f, ROLLUP_CREDENTIAL_MAP, p)
        : [...whereFilters(f, ROLLUP_MAP, p), ...(f.region.kind === 'us' ? [`r.state_fips = 'US'`] : [])];
    conds.push(`r.dimension = ANY(${p.add(['*', ...dims])}::text[])`);
    const from = rollup === 'credential' ? `rollup_equity_credential r JOIN credential c ON c.id = r.credential_id` : `rollup_equity r`;
    const rows: GroupCount[] = await this.ds.query(`SELECT r.dimension, r.grp, sum(r.n)::int AS n FROM ${from} ${where(conds)} GROUP BY 1, 2`, p.values);
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
