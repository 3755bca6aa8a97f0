import { naicsTitles } from '../analytics/naics-titles.js';
import { Injectable } from '@nestjs/common';
import type { OutcomesGroupBy } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { groupExpr, SqlParams, where, whereFilters } from '../analytics/filters/sql-builder.js';
import { AWARD_MAP, quarterIndexSql } from './people-k.js';

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

// groupBy allow-list: key expression and the join that provides it. Nothing comes from the caller.
const KEYS: Record<OutcomesGroupBy, string> = {
  credential: 'a.credential_id::text',
  provider: `COALESCE(a.provider_id::text, '--')`,
  industry: `COALESCE(cn.sector, '--')`,
};
const JOINS: Record<OutcomesGroupBy, string> = {
  credential: '',
  provider: '',
  // A credential aligned to several sectors counts in each (rows overlap; the total does not).
  industry: 'LEFT JOIN LATERAL (SELECT DISTINCT left(naics_code, 2) AS sector FROM credential_naics WHERE credential_id = a.credential_id) cn ON true',
};

@Injectable()
export class OutcomesRepository {
  constructor(private readonly ds: DataSource) {}

  async aggregates(f: ParsedFilters, groupBy: OutcomesGroupBy): Promise<OutcomeAggregate[]> {
    const p = new SqlParams();
    const conds = whereFilters(f, AWARD_MAP, p);
    const sql = `
      WITH a AS (
        -- each learner once per credential: the first award in the period
        SELECT DISTINCT ON (ca.learner_key, ca.credential_id)
               ca.learner_key, ca.credential_id, c.provider_id, ${quarterIndexSql('ca.award_date')} AS aq
        FROM credential_award ca JOIN credential c ON c.id = ca.credential_id
        ${where(conds)}
        ORDER BY ca.learner_key, ca.credential_id, ca.award_date
      ), u AS (
        SELECT a.learner_key, a.aq, ${groupExpr(KEYS, groupBy)} AS key FROM a ${JOINS[groupBy]}
        UNION ALL
        SELECT a.learner_key, a.aq, NULL FROM a
      ), lo AS (
        SELECT o.learner_key, ${quarterIndexSql('o.quarter')} AS qi, o.employed, o.wage,
               CASE WHEN o.wage IS NOT NULL THEN o.wage WHEN NOT o.employed THEN 0 END AS earn
        FROM learner_outcome o WHERE o.learner_key IN (SELECT learner_key FROM a)
      ), x AS (
        SELECT u.key, q.n AS q, o.learner_key IS NOT NULL AS has, o.employed, o.wage,
               o.earn - (b1.earn + b2.earn) / 2 AS chg
        FROM u CROSS JOIN (VALUES (1), (2), (4)) AS q(n)
        LEFT JOIN lo o ON o.learner_key = u.learner_key AND o.qi = u.aq + q.n
        LEFT JOIN lo b1 ON b1.learner_key = u.learner_key AND b1.qi = u.aq - 1
        LEFT JOIN lo b2 ON b2.learner_key = u.learner_key AND b2.qi = u.aq - 2
      )
      SELECT key, q,
             count(*)::int AS earners,
             count(*) FILTER (WHERE has)::int AS "withData",
             count(*) FILTER (WHERE employed)::int AS employed,
             count(*) FILTER (WHERE employed AND wage > 0)::int AS "wageN",
             percentile_cont(0.25) WITHIN GROUP (ORDER BY wage) FILTER (WHERE employed AND wage > 0) AS p25,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY wage) FILTER (WHERE employed AND wage > 0) AS median,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY wage) FILTER (WHERE employed AND wage > 0) AS p75,
             count(chg)::int AS "changeN",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY chg) AS "medianChange"
      FROM x GROUP BY key, q`;
    const rows: OutcomeAggregate[] = await this.ds.query(sql, p.values);
    return rows.map((r) => ({ ...r, p25: num(r.p25), median: num(r.median), p75: num(r.p75), medianChange: num(r.medianChange) }));
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

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
