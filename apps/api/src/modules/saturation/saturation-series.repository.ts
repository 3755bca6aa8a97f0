import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { source } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';
import { periodKeySql } from '../analytics/periods/period-series.js';
import { SaturationRepository } from './saturation.repository.js';

export interface PeriodCredentialAwards {
  key: string;
  id: number;
  awards: number;
  /** A posting in the same period (and region) names it. */
  named: boolean;
  /** A posting anywhere in the range names it. */
  namedInRange: boolean;
}

// Filters the posting side does not take (they describe credentials and awards).
const POSTING_SKIP = ['skill', 'cip', 'credential', 'provider'] as const;

/** Saturation per period (groupBy=period): awards per period and credential, named or not in that period. */
@Injectable()
export class SaturationSeriesRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly saturation: SaturationRepository,
  ) {}

  credentials(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<PeriodCredentialAwards[]> {
    const p = new SqlParams();
    const forceRaw = opts.raw === true || !this.saturation.rollupCan(f);
    const aw = source('awardCredential', f, p, { forceRaw, skip: ['skill'] });
    const named = source('saturationNamed', f, p, { forceRaw, skip: [...POSTING_SKIP] });
    const key = periodKeySql(f.granularity, 'x.month');
    return this.ds.query(
      `WITH aw AS (SELECT ${key} AS key, credential_id AS id, sum(n)::int AS awards FROM ${aw.from} ${where(aw.where)} GROUP BY 1, 2),
       nm AS (SELECT DISTINCT ${key} AS key, x.credential_id AS id FROM ${named.from} ${where(['x.credential_id IN (SELECT id FROM aw)', ...named.where])})
       SELECT aw.key, aw.id, aw.awards, (nm.id IS NOT NULL) AS named, EXISTS (SELECT 1 FROM nm n2 WHERE n2.id = aw.id) AS "namedInRange"
       FROM aw LEFT JOIN nm ON nm.key = aw.key AND nm.id = aw.id ORDER BY 1, 2`,
      p.values,
    );
  }
}
