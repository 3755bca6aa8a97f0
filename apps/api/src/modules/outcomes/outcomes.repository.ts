import { Injectable } from '@nestjs/common';
import type { OutcomesGroupBy } from '@credpulse/contracts';
import { rankPercentile } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { binValue, EARNER_MAP, FACT_COUNTS, factHist, outcomeFactsSql } from '../analytics/catalogue/people-facts.js';
import { rollupCanAnswer, source as rollupSource } from '../analytics/catalogue/source.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { groupExpr, SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { naicsTitles } from '../analytics/naics-titles.js';
import { perPeriod } from '../analytics/periods/period-series.js';

/** One group (key) at one quarter after the award; key null = all earners. */
export interface OutcomeAggregate {
  key: string | null;
  q: 1 | 2 | 4;
  earners: number;
  withData: number;
  employed: number;
  wageN: number;
  p25: number | null;
  median: number | null;
  p75: number | null;
  changeN: number;
  medianChange: number | null;
}

// groupBy allow-list: key expression over a source row `s` (credential_id) and the join that provides it.
const KEYS: Record<OutcomesGroupBy, string> = {
  credential: 's.credential_id::text',
  provider: `COALESCE(c.provider_id::text, '--')`,
  industry: `COALESCE(cn.sector, '--')`,
};
const JOINS: Record<OutcomesGroupBy, string> = {
  credential: '',
  provider: 'JOIN credential c ON c.id = s.credential_id',
  // A credential aligned to several sectors counts in each (rows overlap; the total does not).
  industry: 'LEFT JOIN (SELECT DISTINCT credential_id, left(naics_code, 2) AS sector FROM credential_naics) cn ON cn.credential_id = s.credential_id',
};

@Injectable()
export class OutcomesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Counts and percentiles per group and quarter after the award (key null = all earners), from
   * the outcome rollups (catalogue: outcome, outcomeHist) when they can answer `f`, else from the raw rows (the same
   * earner facts, outcomeFactsSql); `raw` forces the raw rows (equivalence tests).
   */
  aggregates(f: ParsedFilters, groupBy: OutcomesGroupBy, raw = false): Promise<OutcomeAggregate[]> {
    return this.aggregate(f, groupBy, raw);
  }

  /**
   * The same per period of `f`'s range at its granularity (key: the period key; null: the whole
   * range, its own percentiles), in one counts and one histogram query for the whole series.
   */
  periodAggregates(f: ParsedFilters, raw = false): Promise<OutcomeAggregate[]> {
    return this.aggregate(f, 'period', raw);
  }

  private async aggregate(f: ParsedFilters, by: OutcomesGroupBy | 'period', raw: boolean): Promise<OutcomeAggregate[]> {
    const useRollup = !raw && rollupCanAnswer('outcome', f);
    const per = by === 'period' ? perPeriod(f, 's.month') : undefined;
    const group = by === 'period' ? { key: '', join: '' } : { key: groupExpr(KEYS, by), join: JOINS[by] };
    // s: credential_id, q (and the award month, per period) and the counts (or kind, bin, n); with: CTEs it needs
    const source = (hist: boolean, p: SqlParams): string => {
      const month = per ? 'month, ' : '';
      if (useRollup) {
        const cols = hist ? 'x.kind, x.bin, x.n' : 'x.earners, x.with_data, x.employed, x.wage_n, x.change_n';
        const r = rollupSource(hist ? 'outcomeHist' : 'outcome', f, p);
        return `s AS (SELECT ${month}x.credential_id, x.q, ${cols} FROM ${r.from} ${where(r.where)})`;
      }
      const x = `x AS (${outcomeFactsSql(whereFilters(f, EARNER_MAP, p))})`;
      return hist ? `${x}, s AS (SELECT ${month}credential_id, q, kind, bin, 1 AS n FROM (${factHist('x', `${month}credential_id, q`)}) h)` : `${x}, s AS (SELECT ${month}credential_id, q, ${FACT_COUNTS} FROM x)`;
    };

    const pc = new SqlParams();
    const sums = `sum(s.earners)::int AS earners, sum(s.with_data)::int AS "withData", sum(s.employed)::int AS employed,
                  sum(s.wage_n)::int AS "wageN", sum(s.change_n)::int AS "changeN"`;
    // per period: the period and the whole range from one grouping; per group: each credential's
    // sums first, then its group (a credential may count in several industries) and all earners
    const countsSql = per
      ? `WITH ${source(false, pc)} SELECT ${per.key} AS key, s.q, ${sums} FROM s GROUP BY ${per.groupBy(['s.q'])}`
      : `WITH ${source(false, pc)}, t AS (
           SELECT s.credential_id, s.q, sum(s.earners) AS earners, sum(s.with_data) AS with_data, sum(s.employed) AS employed,
                  sum(s.wage_n) AS wage_n, sum(s.change_n) AS change_n
           FROM s GROUP BY 1, 2)
         SELECT ${group.key} AS key, s.q, ${sums} FROM t s ${group.join} GROUP BY 1, 2
         UNION ALL
         SELECT NULL, s.q, ${sums} FROM t s GROUP BY 2`;
    const counts: { key: string | null; q: 1 | 2 | 4; earners: number; withData: number; employed: number; wageN: number; changeN: number }[] = await this.ds.query(countsSql, pc.values);
    // Percentiles from the histograms, in SQL: only the bins holding the ranks type-7 interpolation
    // needs (floor and ceil of (n - 1) p) leave the database, with the count below each.
    const ph = new SqlParams();
    const ranks = (p: number) => [`floor((total - 1) * ${p})`, `ceil((total - 1) * ${p})`];
    const holds = (r: string) => `(below <= ${r} AND ${r} < below + n)`;
    const wanted = [...[0.25, 0.5, 0.75].flatMap(ranks).map((r) => `(kind = 1 AND ${holds(r)})`), ...ranks(0.5).map((r) => `(kind = 2 AND ${holds(r)})`)];
    const groups = per
      ? `${source(true, ph)}, g AS (SELECT ${per.key} AS key, s.q, s.kind, s.bin, sum(s.n) AS n FROM s GROUP BY ${per.groupBy(['s.q', 's.kind', 's.bin'])})`
      : `${source(true, ph)}, t AS (SELECT s.credential_id, s.q, s.kind, s.bin, sum(s.n) AS n FROM s GROUP BY 1, 2, 3, 4),
         g AS (SELECT ${group.key} AS key, s.q, s.kind, s.bin, sum(s.n) AS n FROM t s ${group.join} GROUP BY 1, 2, 3, 4
               UNION ALL
               SELECT NULL, s.q, s.kind, s.bin, sum(s.n) FROM t s GROUP BY 2, 3, 4)`;
    const hist: { key: string | null; q: number; kind: number; bin: number; n: number; below: number; total: number }[] = await this.ds.query(
      `WITH ${groups},
       c AS (SELECT key, q, kind, bin, n, sum(n) OVER (PARTITION BY key, q, kind ORDER BY bin) - n AS below,
                    sum(n) OVER (PARTITION BY key, q, kind) AS total FROM g)
       SELECT key, q, kind, bin, n::int, below::int, total::int FROM c WHERE ${wanted.join(' OR ')}`,
      ph.values,
    );
    const bins = new Map<string, typeof hist>();
    for (const h of hist) {
      const id = `${h.key}|${h.q}|${h.kind}`;
      if (!bins.has(id)) bins.set(id, []);
      bins.get(id)!.push(h);
    }
    const pct = (key: string | null, q: number, kind: number, p: number) => rankPercentile(bins.get(`${key}|${q}|${kind}`) ?? [], p, binValue);
    return counts.map((r) => ({
      ...r,
      q: Number(r.q) as 1 | 2 | 4,
      p25: pct(r.key, r.q, 1, 0.25),
      median: pct(r.key, r.q, 1, 0.5),
      p75: pct(r.key, r.q, 1, 0.75),
      medianChange: pct(r.key, r.q, 2, 0.5),
    }));
  }

  async labels(groupBy: OutcomesGroupBy, keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    if (groupBy === 'industry') return naicsTitles(this.ds, keys);
    const sql = {
      credential: `SELECT id::text AS key, name AS label FROM credential WHERE id::text = ANY($1)`,
      provider: `SELECT id::text AS key, name AS label FROM provider WHERE id::text = ANY($1)`,
    }[groupBy];
    const rows: { key: string; label: string }[] = await this.ds.query(sql, [keys]);
    return new Map(rows.map((r) => [r.key, r.label]));
  }
}
