import { Injectable } from '@nestjs/common';
import type { OutcomesGroupBy } from '@credpulse/contracts';
import { histPercentileCont, type HistBin } from '@credpulse/metrics';
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
   * the outcome rollups (catalogue: outcome, outcomeBins) when they can answer `f`, else from the raw rows (the same
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
    const month = per ? 'month, ' : '';
    // s: credential_id, q (and the award month, per period) and the counts; with: CTEs it needs
    const source = (p: SqlParams): string => {
      if (useRollup) {
        const r = rollupSource('outcome', f, p);
        return `s AS (SELECT ${month}x.credential_id, x.q, x.earners, x.with_data, x.employed, x.wage_n, x.change_n FROM ${r.from} ${where(r.where)})`;
      }
      return `x AS (${outcomeFactsSql(whereFilters(f, EARNER_MAP, p))}), s AS (SELECT ${month}credential_id, q, ${FACT_COUNTS} FROM x)`;
    };

    const pc = new SqlParams();
    const sums = `sum(s.earners)::int AS earners, sum(s.with_data)::int AS "withData", sum(s.employed)::int AS employed,
                  sum(s.wage_n)::int AS "wageN", sum(s.change_n)::int AS "changeN"`;
    // per period: the period and the whole range from one grouping; per group: each credential's
    // sums first, then its group (a credential may count in several industries) and all earners
    const countsSql = per
      ? `WITH ${source(pc)} SELECT ${per.key} AS key, s.q, ${sums} FROM s GROUP BY ${per.groupBy(['s.q'])}`
      : `WITH ${source(pc)}, t AS (
           SELECT s.credential_id, s.q, sum(s.earners) AS earners, sum(s.with_data) AS with_data, sum(s.employed) AS employed,
                  sum(s.wage_n) AS wage_n, sum(s.change_n) AS change_n
           FROM s GROUP BY 1, 2)
         SELECT ${group.key} AS key, s.q, ${sums} FROM t s ${group.join} GROUP BY 1, 2
         UNION ALL
         SELECT NULL, s.q, ${sums} FROM t s GROUP BY 2`;

    // Histograms per credential, quarter and kind (1 wage, 2 wage change), and per period, as
    // parallel arrays of occupied bins and counts: the rollup's rows (a month and state each, summed
    // here) or the same bins counted from the earner facts. Summing ~14k array rows here replaced
    // grouping, sorting and ranking ~120k bin rows in SQL for a national year at 1M postings.
    const ph = new SqlParams();
    const period = per ? `${per.key} AS period, ` : '';
    let histSql: string;
    if (useRollup) {
      const r = rollupSource('outcomeBins', f, ph);
      histSql = `SELECT ${period}s.credential_id, s.q, s.kind, s.bins, s.ns FROM (SELECT x.* FROM ${r.from} ${where(r.where)}) s`;
    } else {
      histSql = `WITH x AS (${outcomeFactsSql(whereFilters(f, EARNER_MAP, ph))})
         SELECT ${per ? 'period, ' : ''}credential_id, q, kind, array_agg(bin ORDER BY bin) AS bins, array_agg(n ORDER BY bin) AS ns
         FROM (SELECT ${period}s.credential_id, s.q, s.kind, s.bin, count(*)::int AS n FROM (${factHist('x', `${month}credential_id, q`)}) s GROUP BY ${per ? '1, 2, 3, 4, 5' : '1, 2, 3, 4'}) b
         GROUP BY ${per ? '1, 2, 3, 4' : '1, 2, 3'}`;
    }
    const [counts, histRows]: [
      { key: string | null; q: 1 | 2 | 4; earners: number; withData: number; employed: number; wageN: number; changeN: number }[],
      { period?: string; credential_id: number; q: number; kind: number; bins: number[]; ns: number[] }[],
    ] = await Promise.all([this.ds.query(countsSql, pc.values), this.ds.query(histSql, ph.values)]);

    // each row's keys: its period, or its credential's groups (a credential aligned to several sectors counts in each)
    const keysOf = by === 'period' ? (r: (typeof histRows)[number]) => [r.period!] : await this.groupKeys(by, [...new Set(histRows.map((r) => r.credential_id))]);
    // dense counts per key over the bins occurring at all (wage and change bins span a few hundred):
    // no per-bin map entries to allocate and no sort (a Map per key cost more than the query under load)
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of histRows) {
      if (!r.bins.length) continue;
      lo = Math.min(lo, r.bins[0]);
      hi = Math.max(hi, r.bins[r.bins.length - 1]);
    }
    const width = hi >= lo ? hi - lo + 1 : 0;
    const hists = new Map<string, Float64Array>();
    const add = (id: string, bins: number[], ns: number[]) => {
      let h = hists.get(id);
      if (!h) hists.set(id, (h = new Float64Array(width)));
      for (let i = 0; i < bins.length; i++) h[bins[i] - lo] += ns[i];
    };
    for (const r of histRows) {
      for (const k of keysOf(r)) add(`${k}|${r.q}|${r.kind}`, r.bins, r.ns);
      add(`null|${r.q}|${r.kind}`, r.bins, r.ns);
    }
    const sorted = new Map<string, HistBin[]>();
    const pct = (k: string | null, q: number, kind: number, p: number): number | null => {
      const id = `${k}|${q}|${kind}`;
      let bins = sorted.get(id);
      if (!bins) {
        bins = [];
        const h = hists.get(id);
        if (h) for (let j = 0; j < width; j++) if (h[j] > 0) bins.push({ value: binValue(j + lo), n: h[j] });
        sorted.set(id, bins);
      }
      return histPercentileCont(bins, p);
    };
    return counts.map((r) => ({
      ...r,
      q: Number(r.q) as 1 | 2 | 4,
      p25: pct(r.key, r.q, 1, 0.25),
      median: pct(r.key, r.q, 1, 0.5),
      p75: pct(r.key, r.q, 1, 0.75),
      medianChange: pct(r.key, r.q, 2, 0.5),
    }));
  }

  /** The group keys of each credential for `groupBy` (the same key expressions and joins as the counts). */
  private async groupKeys(groupBy: OutcomesGroupBy, ids: number[]): Promise<(r: { credential_id: number }) => string[]> {
    if (groupBy === 'credential') return (r) => [String(r.credential_id)];
    const rows: { id: number; key: string }[] = ids.length
      ? await this.ds.query(`SELECT s.credential_id AS id, ${groupExpr(KEYS, groupBy)} AS key FROM (SELECT unnest($1::int[]) AS credential_id) s ${JOINS[groupBy]}`, [ids])
      : [];
    const m = new Map<number, string[]>();
    for (const r of rows) m.set(r.id, [...(m.get(r.id) ?? []), r.key]);
    return (r) => m.get(r.credential_id) ?? [];
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
