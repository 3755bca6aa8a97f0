import { Injectable } from '@nestjs/common';
import type { AreaMix } from '@credpulse/metrics';
import { DataSource } from 'typeorm';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { source } from '../analytics/catalogue/source.js';
import { SqlParams, where } from '../analytics/filters/sql-builder.js';

// Unique postings of the period with every county they name (first place and the others), so a
// CBSA or custom region counts a posting once when any of its places lies in it, as the filters do.
const POSTING_COUNTIES = `
  SELECT p.id, COALESCE(left(p.naics_code, 2), '--') AS naics2, pl.fips
  FROM job_posting p
  CROSS JOIN LATERAL (SELECT p.county_fips AS fips UNION SELECT l.county_fips FROM posting_location l WHERE l.posting_id = p.id) pl
  WHERE NOT p.is_duplicate AND pl.fips IS NOT NULL AND p.posted_date >= $1::date AND p.posted_date < $2::date`;

@Injectable()
export class PeersRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  /** Postings by sector of every candidate: states (from the sector rollup), or CBSAs and custom regions. */
  async candidateMixes(f: ParsedFilters, kind: 'state' | 'substate'): Promise<AreaMix[]> {
    const rows: { code: string; naics2: string; n: number }[] =
      kind === 'state'
        ? await this.ds.query(
            `SELECT 'state:' || state_fips AS code, naics2, sum(unique_n)::int AS n FROM rollup_posting_sector
             WHERE month >= $1::date AND month < $2::date AND state_fips NOT IN ('US', '--') GROUP BY 1, 2`,
            [f.fromDate, f.toEnd],
          )
        : await this.ds.query(
            `WITH pc AS (${POSTING_COUNTIES})
             SELECT 'cbsa:' || k.cbsa_code AS code, pc.naics2, count(DISTINCT pc.id)::int AS n
             FROM pc JOIN county k ON k.fips = pc.fips WHERE k.cbsa_code IS NOT NULL GROUP BY 1, 2
             UNION ALL
             SELECT 'custom:' || x.region_id, pc.naics2, count(DISTINCT pc.id)::int
             FROM pc JOIN custom_region_county x ON x.county_fips = pc.fips GROUP BY 1, 2`,
            [f.fromDate, f.toEnd],
          );
    return toMixes(rows);
  }

  /** The same mix for one area (any region kind), read through the filters' own region condition. */
  async mixOf(f: ParsedFilters): Promise<AreaMix> {
    const p = new SqlParams();
    const src = source('postingSector', f, p);
    const rows: { naics2: string; n: number }[] = await this.ds.query(`SELECT naics2, sum(unique_n)::int AS n FROM ${src.from} ${where(src.where)} GROUP BY 1`, p.values);
    return toMixes(rows.map((r) => ({ code: 'x', ...r })))[0] ?? { code: 'x', total: 0, sectors: new Map() };
  }

  /** Credential awards (people) in the area and period. */
  async awards(f: ParsedFilters): Promise<number> {
    const p = new SqlParams();
    const src = source('award', f, p);
    const [row] = await this.ds.query(`SELECT COALESCE(sum(n), 0)::int AS n FROM ${src.from} ${where(src.where)}`, p.values);
    return row?.n ?? 0;
  }

  /** Display names of region codes (the `region` filter syntax). */
  async names(codes: string[]): Promise<Map<string, string>> {
    const rows: { code: string; name: string }[] = await this.ds.query(
      `SELECT 'state:' || fips AS code, name FROM state WHERE 'state:' || fips = ANY($1)
       UNION ALL SELECT 'county:' || c.fips, c.name || ', ' || s.usps FROM county c JOIN state s ON s.fips = c.state_fips WHERE 'county:' || c.fips = ANY($1)
       UNION ALL SELECT 'cbsa:' || code, title FROM cbsa WHERE 'cbsa:' || code = ANY($1)
       UNION ALL SELECT 'custom:' || id, name FROM custom_region WHERE 'custom:' || id = ANY($1)`,
      [codes],
    );
    const out = new Map(rows.map((r) => [r.code, r.name]));
    out.set('us', 'United States');
    return out;
  }
}

function toMixes(rows: { code: string; naics2: string; n: number }[]): AreaMix[] {
  const by = new Map<string, AreaMix>();
  for (const r of rows) {
    let m = by.get(r.code);
    if (!m) by.set(r.code, (m = { code: r.code, total: 0, sectors: new Map() }));
    m.total += r.n;
    const key = String(r.naics2).trim();
    if (key !== '--') m.sectors.set(key, (m.sectors.get(key) ?? 0) + r.n);
  }
  return [...by.values()];
}
