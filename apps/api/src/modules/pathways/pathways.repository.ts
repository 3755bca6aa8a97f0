import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { SqlParams, whereFilters } from '../analytics/filters/sql-builder.js';
import { AWARD_MAP } from '../outcomes/people-k.js';

export interface PairAggregate {
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  earners: number;
  later: number;
  medianMonths: number | null;
}

// Whole months from a to b, the same rule as monthsBetween() in @credpulse/metrics.
const MONTHS = `((EXTRACT(YEAR FROM first_b) - EXTRACT(YEAR FROM first_a)) * 12 + EXTRACT(MONTH FROM first_b) - EXTRACT(MONTH FROM first_a)
  - CASE WHEN EXTRACT(DAY FROM first_b) < EXTRACT(DAY FROM first_a) THEN 1 ELSE 0 END)`;

@Injectable()
export class PathwaysRepository {
  constructor(private readonly ds: DataSource) {}

  /** Per stacking pair (part -> whole): earners of the part in the period, those who later earned the whole. */
  async pairs(f: ParsedFilters): Promise<PairAggregate[]> {
    const p = new SqlParams();
    const conds = whereFilters(f, AWARD_MAP, p);
    const sql = `
      WITH a AS (
        SELECT ca.learner_key, ca.credential_id, min(ca.award_date) AS first_a
        FROM credential_award ca JOIN credential c ON c.id = ca.credential_id
        WHERE ${[...conds, 'EXISTS (SELECT 1 FROM credential_stack s WHERE s.part_id = ca.credential_id)'].join(' AND ')}
        GROUP BY 1, 2
      ), x AS (
        SELECT a.credential_id AS from_id, s.whole_id AS to_id, a.first_a,
               (SELECT min(b.award_date) FROM credential_award b
                 WHERE b.learner_key = a.learner_key AND b.credential_id = s.whole_id AND b.award_date >= a.first_a) AS first_b
        FROM a JOIN credential_stack s ON s.part_id = a.credential_id
      )
      SELECT x.from_id AS "fromId", cf.name AS "fromName", x.to_id AS "toId", ct.name AS "toName",
             count(*)::int AS earners, count(first_b)::int AS later,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY ${MONTHS}) FILTER (WHERE first_b IS NOT NULL) AS "medianMonths"
      FROM x JOIN credential cf ON cf.id = x.from_id JOIN credential ct ON ct.id = x.to_id
      GROUP BY 1, 2, 3, 4`;
    const rows: PairAggregate[] = await this.ds.query(sql, p.values);
    return rows.map((r) => ({ ...r, medianMonths: r.medianMonths === null ? null : Number(r.medianMonths) }));
  }
}
