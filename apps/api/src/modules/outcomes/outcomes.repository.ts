import { Injectable } from '@nestjs/common';
import type { OutcomesGroupBy } from '@credpulse/contracts';
import { densePercentileCont } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import { binValue, EARNER_MAP, FACT_COUNTS, factHist, outcomeFactsSql } from '../analytics/catalogue/people-facts.js';
import { CATALOGUE } from '../analytics/catalogue/catalogue.js';
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

/**
 * The shortest range the national cumulative rollup answers: its two rows per credential and
 * quarter hold every bin a credential ever had (~250 array elements), a month's row a few dozen, so
 * short ranges read less from the monthly rows. Node pg client CPU per national answer's histogram
 * query at 1M postings (load 14): 1 month 11.5 ms monthly / 39 ms cumulative, 4 months 33.5 / 32.6,
 * 7 months 55.6 / 31.0, 12 months 68.0 / 25.4.
 */
export const CUM_MIN_MONTHS = 4;
const monthsOf = (f: ParsedFilters): number => {
  const [fy, fm] = f.fromDate.split('-').map(Number);
  const [ty, tm] = f.toEnd.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm);
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

  /** Whether aggregates(f) reads the national cumulative rollup (a national range of CUM_MIN_MONTHS or more). */
  readsCumulative(f: ParsedFilters): boolean {
    return rollupCanAnswer('outcome', f) && monthsOf(f) >= CUM_MIN_MONTHS && rollupCanAnswer('outcomeCum', f, { skip: ['date'] });
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
    // the nation over a range of CUM_MIN_MONTHS or more (not per period): the cumulative rollup, two
    // rows per credential and quarter (the range's last month, plus; the month before its first, minus)
    const useCum = !raw && by !== 'period' && this.readsCumulative(f);
    const per = by === 'period' ? perPeriod(f, 's.month') : undefined;
    const group = by === 'period' ? { key: '', join: '' } : { key: groupExpr(KEYS, by), join: JOINS[by] };
    const month = per ? 'month, ' : '';
    // The cumulative rows of the range's ends (months past the rollup's last month stand for its
    // last month), aliased x, with sign +1 for the last month's row and -1 for the one before the
    // first month's (0 for both when they are the same row: a range after the last month).
    const cum = (p: SqlParams): { from: string; where: string[]; sign: string } => {
      const r = rollupSource('outcomeCum', f, p, { skip: ['date'] });
      const last = `(SELECT max(month) FROM ${CATALOGUE.outcomeCum.table})`;
      const hi = `least((${p.add(f.toEnd)}::date - interval '1 month')::date, ${last})`;
      const lo = `least((${p.add(f.fromDate)}::date - interval '1 month')::date, ${last})`;
      return { from: r.from, where: [`x.month IN (${hi}, ${lo})`, ...r.where], sign: `((x.month = ${hi})::int - (x.month = ${lo})::int)` };
    };
    // s: credential_id, q (and the award month, per period) and the counts; with: CTEs it needs
    const source = (p: SqlParams): string => {
      if (useCum) {
        const c = cum(p);
        return `s AS (SELECT x.credential_id, x.q, ${['earners', 'with_data', 'employed', 'wage_n', 'change_n'].map((m) => `${c.sign} * x.${m} AS ${m}`).join(', ')}
                      FROM ${c.from} ${where(c.where)})`;
      }
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
           FROM s GROUP BY 1, 2${useCum ? ' HAVING sum(s.earners) <> 0' : ''})
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
    if (useCum) {
      // one row per kind, as the monthly rollup's (the sign carried along)
      const c = cum(ph);
      histSql = `SELECT s.credential_id, s.q, k.kind, s.sign, CASE k.kind WHEN 1 THEN s.wage_bins ELSE s.change_bins END AS bins,
                        CASE k.kind WHEN 1 THEN s.wage_ns ELSE s.change_ns END AS ns
                 FROM (SELECT x.credential_id, x.q, ${c.sign} AS sign, x.wage_bins, x.wage_ns, x.change_bins, x.change_ns FROM ${c.from} ${where(c.where)}) s
                 CROSS JOIN (VALUES (1), (2)) k(kind)`;
    } else if (useRollup) {
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
      { period?: string; credential_id: number; q: number; kind: number; sign?: number; bins: number[]; ns: number[] }[],
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
    // every histogram (key, quarter, kind) in one array, `width` counts each: thousands of small
    // typed arrays per answer (one per histogram) kept the garbage collector busier than the sums
    const slot = new Map<string, number>();
    let slab = new Float64Array(width * 64);
    const slotOf = (id: string): number => {
      let s = slot.get(id);
      if (s === undefined) {
        s = slot.size * width;
        slot.set(id, s);
        if (s + width > slab.length) {
          const grown = new Float64Array(slab.length * 2);
          grown.set(slab);
          slab = grown;
        }
      }
      return s;
    };
    const add = (id: string, bins: number[], ns: number[], sign: number) => {
      const at = slotOf(id) - lo;
      for (let i = 0; i < bins.length; i++) slab[at + bins[i]] += sign * ns[i];
    };
    for (const r of histRows) {
      // cumulative rows: +1 the range's last month, -1 the month before its first (integers: exact)
      const sign = r.sign ?? 1;
      if (sign === 0) continue;
      for (const k of keysOf(r)) add(`${k}|${r.q}|${r.kind}`, r.bins, r.ns, sign);
      add(`null|${r.q}|${r.kind}`, r.bins, r.ns, sign);
    }
    // the percentiles of each histogram's occupied bins (bin midpoints), as histPercentileCont
    const totals = new Map<string, number>();
    const value = (j: number) => binValue(j + lo);
    const pct = (k: string | null, q: number, kind: number, p: number): number | null => {
      const id = `${k}|${q}|${kind}`;
      const at = slot.get(id);
      if (at === undefined) return null;
      let total = totals.get(id);
      if (total === undefined) {
        total = 0;
        for (let j = 0; j < width; j++) if (slab[at + j] > 0) total += slab[at + j];
        totals.set(id, total);
      }
      return densePercentileCont(slab, at, width, total, value, p);
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
