import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { histPercentileCont } from '@credpulse/metrics';
import { EARNER_MAP, pathwayFactsSql } from '../analytics/catalogue/people-facts.js';
import { rollupCanAnswer, source } from '../analytics/catalogue/source.js';
import { SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { perPeriod } from '../analytics/periods/period-series.js';

export interface PairAggregate {
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  earners: number;
  later: number;
  medianMonths: number | null;
}

@Injectable()
export class PathwaysRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Per stacking pair (part -> whole): earners of the part in the period (their first award of it),
   * those who later earned the whole, and the median whole months between (exact: months are
   * integers, counted per value). From the pathway rollup when it can answer `f`, else from the raw
   * rows (the same facts, pathwayFactsSql); `raw` forces the raw rows.
   */
  pairs(f: ParsedFilters, raw = false): Promise<PairAggregate[]> {
    return this.aggregate(f, raw, false);
  }

  /** The same per period of `f`'s range at its granularity (key: the period key; null: the whole range), in one query for the whole series. */
  periodPairs(f: ParsedFilters, raw = false): Promise<(PairAggregate & { key: string | null })[]> {
    return this.aggregate(f, raw, true);
  }

  private async aggregate(f: ParsedFilters, raw: boolean, perPeriodOf: boolean): Promise<(PairAggregate & { key: string | null })[]> {
    const p = new SqlParams();
    const rollup = !raw && rollupCanAnswer('pathway', f) ? source('pathway', f, p) : undefined;
    const per = perPeriodOf ? perPeriod(f, 'month') : undefined;
    const month = per ? 'x.month, ' : '';
    const rows_ = rollup
      ? `SELECT ${month}x.from_id, x.to_id, x.months, x.n FROM ${rollup.from} ${where(rollup.where)}`
      : `SELECT ${month}x.from_id, x.to_id, x.months, 1 AS n FROM (${pathwayFactsSql(whereFilters(f, EARNER_MAP, p))}) x`;
    const cols = ['from_id', 'to_id', 'months'];
    const rows: { key: string | null; fromId: number; fromName: string; toId: number; toName: string; months: number; n: number }[] = await this.ds.query(
      `SELECT x.key, x.from_id AS "fromId", cf.name AS "fromName", x.to_id AS "toId", ct.name AS "toName", x.months, x.n
       FROM (SELECT ${per ? per.key : 'NULL::text'} AS key, ${cols.join(', ')}, sum(n)::int AS n FROM (${rows_}) s GROUP BY ${per ? per.groupBy(cols) : cols.join(', ')}) x
       JOIN credential cf ON cf.id = x.from_id JOIN credential ct ON ct.id = x.to_id
       ORDER BY 1, 2, 4, 6`,
      p.values,
    );
    const out = new Map<string, PairAggregate & { key: string | null; hist: { value: number; n: number }[] }>();
    for (const r of rows) {
      const id = `${r.key}|${r.fromId}>${r.toId}`;
      let a = out.get(id);
      if (!a) out.set(id, (a = { key: r.key, fromId: r.fromId, fromName: r.fromName, toId: r.toId, toName: r.toName, earners: 0, later: 0, medianMonths: null, hist: [] }));
      a.earners += r.n;
      if (r.months >= 0) {
        a.later += r.n;
        a.hist.push({ value: r.months, n: r.n });
      }
    }
    return [...out.values()].map(({ hist, ...a }) => ({ ...a, medianMonths: histPercentileCont(hist, 0.5) }));
  }
}
