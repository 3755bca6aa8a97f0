import { Injectable } from '@nestjs/common';
import type { EquityDimensionName } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { AWARD_MAP } from '../outcomes/people-k.js';

// Column of each dimension on the award (rural comes from the award's county). Fixed SQL only.
const DIMENSION_SQL: Record<EquityDimensionName, string> = {
  age_band: `COALESCE(age_band, 'unknown')`,
  sex: `COALESCE(sex, 'unknown')`,
  race_ethnicity: `COALESCE(race_ethnicity, 'unknown')`,
  low_income: `COALESCE(low_income::text, 'unknown')`,
  rural: `COALESCE(rural::text, 'unknown')`,
};

export interface GroupCount {
  dimension: EquityDimensionName | '*';
  grp: string;
  n: number;
}

@Injectable()
export class EquityRepository {
  constructor(private readonly ds: DataSource) {}

  /** Awards per group of each dimension, plus the total (dimension '*'). */
  async counts(f: ParsedFilters, dims: readonly EquityDimensionName[]): Promise<GroupCount[]> {
    const p = new SqlParams();
    const conds = whereFilters(f, AWARD_MAP, p);
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
