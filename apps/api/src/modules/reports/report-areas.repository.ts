import { addMonths } from '@credpulse/metrics';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ReportArea {
  fips: string;
  name: string;
  /** The area's state FIPS (itself for a state). */
  state: string;
}

const addMonth = (m: string): string => addMonths(m, 1);

/** The areas a report maps, and the postings of a program's occupations per area. */
@Injectable()
export class ReportAreasRepository {
  constructor(private readonly ds: DataSource) {}

  /** The 6-digit CIP programs under a family (`46.`) or series (`46.03`). */
  programsUnder(prefix: string): Promise<{ code: string; title: string }[]> {
    return this.ds.query(`SELECT code, title FROM cip WHERE level = 6 AND code LIKE $1 || '%' ORDER BY code`, [prefix]);
  }

  /** States for the nation; otherwise the counties of the state, CBSA, custom region, or the county itself. */
  async areas(region: string): Promise<{ level: 'state' | 'county'; areas: ReportArea[] }> {
    const [kind, code] = region.split(':');
    if (kind === 'us') return { level: 'state', areas: await this.ds.query(`SELECT fips, name, fips AS state FROM state ORDER BY fips`) };
    const sql =
      kind === 'state'
        ? `SELECT fips, name, state_fips AS state FROM county WHERE state_fips = $1 ORDER BY fips`
        : kind === 'cbsa'
          ? `SELECT fips, name, state_fips AS state FROM county WHERE cbsa_code = $1 ORDER BY fips`
          : kind === 'county'
            ? `SELECT fips, name, state_fips AS state FROM county WHERE fips = $1`
            : `SELECT c.fips, c.name, c.state_fips AS state FROM custom_region_county rc JOIN county c ON c.fips = rc.county_fips WHERE rc.region_id::text = $1 ORDER BY c.fips`;
    return { level: 'county', areas: await this.ds.query(sql, [code]) };
  }

  /** Unique postings in the given occupations (SOC) per state or county of the region, from..to (YYYY-MM). */
  async postingsInSocs(region: string, level: 'state' | 'county', socs: string[], from: string, to: string): Promise<Map<string, number>> {
    if (!socs.length) return new Map();
    const [kind, code] = region.split(':');
    const col = level === 'state' ? 'state_fips' : 'county_fips';
    const params: unknown[] = [socs, `${from}-01`, `${addMonth(to)}-01`];
    const cond =
      kind === 'us'
        ? ''
        : kind === 'state'
          ? `AND state_fips = $4`
          : kind === 'county'
            ? `AND county_fips = $4`
            : kind === 'cbsa'
              ? `AND county_fips IN (SELECT fips FROM county WHERE cbsa_code = $4)`
              : `AND county_fips IN (SELECT county_fips FROM custom_region_county WHERE region_id::text = $4)`;
    if (kind !== 'us') params.push(code);
    const rows: { key: string; n: number }[] = await this.ds.query(
      `SELECT ${col} AS key, count(*)::int AS n FROM job_posting
       WHERE NOT is_duplicate AND soc_code = ANY($1) AND posted_date >= $2 AND posted_date < $3 ${cond} AND ${col} IS NOT NULL GROUP BY 1`,
      params,
    );
    return new Map(rows.map((r) => [r.key.trim(), r.n]));
  }
}
