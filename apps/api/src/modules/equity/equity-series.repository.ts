import { Injectable } from '@nestjs/common';
import type { EquityDimensionName } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { DIMENSION_SQL, PEOPLE_AWARD_MAP } from '../analytics/catalogue/people-facts.js';
import { source } from '../analytics/catalogue/source.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { EquityRepository } from './equity.repository.js';

export interface PeriodGroupCount {
  key: string;
  dimension: EquityDimensionName | '*';
  grp: string;
  n: number;
}

/** Awards per period and group (groupBy=period): the equity counts with the period key in the GROUP BY. */
@Injectable()
export class EquitySeriesRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly equity: EquityRepository,
  ) {}

  /** Awards per period in each group of each dimension, plus each period's total (dimension '*'). */
  counts(f: ParsedFilters, dims: readonly EquityDimensionName[], opts: { raw?: boolean } = {}): Promise<PeriodGroupCount[]> {
    const rollup = opts.raw ? undefined : this.equity.rollupFor(f);
    const p = new SqlParams();
    if (rollup) {
      const src = source(rollup === 'credential' ? 'equityCredential' : 'equity', f, p);
      const conds = [...src.where, `x.dimension = ANY(${p.add(['*', ...dims])}::text[])`];
      return this.ds.query(`SELECT ${periodKeySql(f.granularity, 'x.month')} AS key, x.dimension, x.grp, sum(x.n)::int AS n FROM ${src.from} ${where(conds)} GROUP BY 1, 2, 3`, p.values);
    }
    const conds = whereFilters(f, PEOPLE_AWARD_MAP, p);
    const parts = dims.map((d) => `SELECT key, '${d}' AS dimension, ${DIMENSION_SQL[d]} AS grp, count(*)::int AS n FROM a GROUP BY 1, 3`);
    return this.ds.query(
      `WITH a AS (
         SELECT ${periodKeySql(f.granularity, 'ca.award_date')} AS key, ca.age_band, ca.sex, ca.race_ethnicity, ca.low_income, co.rural
         FROM credential_award ca JOIN credential c ON c.id = ca.credential_id LEFT JOIN county co ON co.fips = ca.county_fips
         ${where(conds)}
       )
       ${[...parts, `SELECT key, '*', '*', count(*)::int FROM a GROUP BY 1`].join(' UNION ALL ')}`,
      p.values,
    );
  }
}
