import { assertK } from '@credpulse/metrics';
import { badParameter } from '../../common/problem.js';
import type { ExtraParam, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import type { ColumnMap } from '../analytics/filters/sql-builder.js';

/** `?k=` on people-counting endpoints: raises the disclosure threshold for one answer, never lowers it. */
export const K_PARAM: ExtraParam = {
  pattern: /^\d{1,4}$/,
  describe: 'a disclosure threshold at or above the configured k (it can raise suppression, never lower it)',
};

/** The k of one answer: the configured k, or a higher one asked for with ?k=. */
export function resolveK(f: ParsedFilters, configK: number): number {
  const raw = f.extra.k;
  if (raw === undefined) return assertK(configK);
  const k = Number(raw);
  if (k < configK) {
    throw badParameter('k', `"k" can only raise the disclosure threshold: ${k} is below the configured ${configK}.`, [`${configK}`, `${configK + 5}`, `${configK * 2}`]);
  }
  return assertK(k);
}

/** Where the common filters live on credential_award ca JOIN credential c. */
export const AWARD_MAP: ColumnMap = {
  date: 'ca.award_date',
  state: 'ca.state_fips',
  county: 'ca.county_fips',
  cip: 'ca.program_cip',
  credential: 'ca.credential_id',
  provider: 'c.provider_id',
  proof: 'ca.proof_status',
};

/** Running calendar-quarter index of a date column: year * 4 + quarter (0..3), as quarterIndex(). */
export function quarterIndexSql(col: string): string {
  return `(EXTRACT(YEAR FROM ${col})::int * 4 + (EXTRACT(MONTH FROM ${col})::int - 1) / 3)`;
}
