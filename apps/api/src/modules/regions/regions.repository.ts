import { Injectable } from '@nestjs/common';
import type { CustomRegion, RegionItem, RegionKind } from '@credpulse/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { SearchTerms } from '../taxonomy/search.js';

// Every region the `region` filter can name, with the text it is searched by.
const REGIONS_SQL = `
  SELECT 'us' AS kind, 'us' AS id, 'United States' AS name, 'united states us usa nation' AS search,
         NULL::text AS state_fips, NULL::text AS state_usps, NULL::text AS cbsa_code, NULL::boolean AS rural,
         NULL::text AS cbsa_kind, (SELECT count(*) FROM county)::int AS county_count, 0 AS kind_order
  UNION ALL
  SELECT 'state', s.fips, s.name, lower(s.name || ' ' || s.usps), s.fips, s.usps, NULL, NULL, NULL,
         (SELECT count(*) FROM county c WHERE c.state_fips = s.fips)::int, 1
  FROM state s
  UNION ALL
  SELECT 'cbsa', b.code, b.title, lower(b.title || ' ' || b.kind), NULL, NULL, b.code, NULL, b.kind,
         (SELECT count(*) FROM county c WHERE c.cbsa_code = b.code)::int, 2
  FROM cbsa b
  UNION ALL
  SELECT 'county', c.fips, c.name || ', ' || s.usps, lower(c.name || ', ' || s.usps || ' ' || s.name), c.state_fips, s.usps,
         c.cbsa_code, c.rural, NULL, 1, 3
  FROM county c JOIN state s ON s.fips = c.state_fips
  UNION ALL
  SELECT 'custom', r.id::text, r.name, lower(r.name || ' ' || coalesce(r.description, '')), NULL, NULL, NULL, NULL, NULL,
         (SELECT count(*) FROM custom_region_county x WHERE x.region_id = r.id)::int, 4
  FROM custom_region r`;

interface RegionRow {
  kind: RegionKind;
  id: string;
  name: string;
  state_fips: string | null;
  state_usps: string | null;
  cbsa_code: string | null;
  rural: boolean | null;
  cbsa_kind: 'metropolitan' | 'micropolitan' | null;
  county_count: number;
}

interface CustomRow {
  id: number;
  name: string;
  description: string | null;
  counties: string[] | null;
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class RegionsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Ranked search over every region: 0 exact code (`06`, `county:06037`, `CA`), 1 code prefix,
   * 2 name prefix, 3 name contains every word. Returns up to `limit + 1` items.
   */
  async search(terms: SearchTerms, kind: RegionKind | undefined, limit: number): Promise<RegionItem[]> {
    const params: unknown[] = [kind ?? null];
    let rank = '0';
    if (terms.exact) {
      params.push(terms.exact, terms.prefix, terms.words);
      rank = `CASE
        WHEN r.id = $2 OR r.kind || ':' || r.id = $2 OR lower(r.state_usps) = $2 AND r.kind = 'state' THEN 0
        WHEN r.id LIKE $3 OR r.kind || ':' || r.id LIKE $3 THEN 1
        WHEN lower(r.name) LIKE $3 THEN 2
        WHEN r.search LIKE ALL($4::text[]) THEN 3
      END`;
    }
    params.push(limit + 1);
    const rows: RegionRow[] = await this.ds.query(
      `SELECT * FROM (SELECT r.*, ${rank} AS rank FROM (${REGIONS_SQL}) r WHERE ($1::text IS NULL OR r.kind = $1)) m
       WHERE m.rank IS NOT NULL ORDER BY m.rank, m.kind_order, m.name, m.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toItem);
  }

  async listCustom(): Promise<CustomRegion[]> {
    return (await this.ds.query(`${CUSTOM_SELECT} GROUP BY r.id ORDER BY r.name`)).map(toCustom);
  }

  async getCustom(id: number, em: EntityManager | DataSource = this.ds): Promise<CustomRegion | null> {
    const [row] = await em.query(`${CUSTOM_SELECT} WHERE r.id = $1 GROUP BY r.id`, [id]);
    return row ? toCustom(row) : null;
  }

  /** Which of these county GEOIDs exist. */
  async existingCounties(fips: string[]): Promise<Set<string>> {
    const rows: { fips: string }[] = await this.ds.query('SELECT fips FROM county WHERE fips = ANY($1::text[])', [fips]);
    return new Set(rows.map((r) => r.fips));
  }

  async nameTaken(name: string, exceptId?: number): Promise<boolean> {
    const [row] = await this.ds.query('SELECT 1 FROM custom_region WHERE lower(name) = lower($1) AND id <> $2', [name, exceptId ?? -1]);
    return !!row;
  }

  async createCustom(name: string, description: string | null, counties: string[]): Promise<CustomRegion> {
    return this.ds.transaction(async (em) => {
      const [{ id }] = await em.query('INSERT INTO custom_region (name, description) VALUES ($1, $2) RETURNING id', [name, description]);
      await em.query('INSERT INTO custom_region_county (region_id, county_fips) SELECT $1, unnest($2::text[])', [id, counties]);
      return (await this.getCustom(id, em))!;
    });
  }

  /** Creates every region in one transaction (an import): all or none. */
  async createMany(regions: { name: string; description: string | null; counties: string[] }[]): Promise<CustomRegion[]> {
    return this.ds.transaction(async (em) => {
      const out: CustomRegion[] = [];
      for (const r of regions) {
        const [{ id }] = await em.query('INSERT INTO custom_region (name, description) VALUES ($1, $2) RETURNING id', [r.name, r.description]);
        await em.query('INSERT INTO custom_region_county (region_id, county_fips) SELECT $1, unnest($2::text[])', [id, r.counties]);
        out.push((await this.getCustom(id, em))!);
      }
      return out;
    });
  }

  /** Which of these names (case-insensitive) are taken. */
  async namesTaken(names: string[]): Promise<Set<string>> {
    const rows: { name: string }[] = await this.ds.query('SELECT lower(name) AS name FROM custom_region WHERE lower(name) = ANY($1::text[])', [names.map((n) => n.toLowerCase())]);
    return new Set(rows.map((r) => r.name));
  }

  async updateCustom(id: number, name: string, description: string | null, counties: string[]): Promise<CustomRegion | null> {
    return this.ds.transaction(async (em) => {
      const updated = await em.query('UPDATE custom_region SET name = $2, description = $3, updated_at = now() WHERE id = $1 RETURNING id', [id, name, description]);
      if (!updated[0]?.length) return null;
      await em.query('DELETE FROM custom_region_county WHERE region_id = $1', [id]);
      await em.query('INSERT INTO custom_region_county (region_id, county_fips) SELECT $1, unnest($2::text[])', [id, counties]);
      return this.getCustom(id, em);
    });
  }

  async deleteCustom(id: number): Promise<boolean> {
    const res = await this.ds.query('DELETE FROM custom_region WHERE id = $1 RETURNING id', [id]);
    return res[0]?.length > 0;
  }
}

const CUSTOM_SELECT = `
  SELECT r.id, r.name, r.description, r.created_at, r.updated_at,
         array_remove(array_agg(x.county_fips::text ORDER BY x.county_fips), NULL) AS counties
  FROM custom_region r LEFT JOIN custom_region_county x ON x.region_id = r.id`;

function toItem(r: RegionRow): RegionItem {
  const item: RegionItem = { code: r.kind === 'us' ? 'us' : `${r.kind}:${r.id}`, kind: r.kind, id: r.id, name: r.name };
  if (r.kind === 'state') Object.assign(item, { stateFips: r.state_fips, stateUsps: r.state_usps, countyCount: r.county_count });
  if (r.kind === 'county') Object.assign(item, { stateFips: r.state_fips, stateUsps: r.state_usps, cbsaCode: r.cbsa_code, rural: r.rural });
  if (r.kind === 'cbsa') Object.assign(item, { cbsaKind: r.cbsa_kind, countyCount: r.county_count });
  if (r.kind === 'custom' || r.kind === 'us') item.countyCount = r.county_count;
  return item;
}

function toCustom(r: CustomRow): CustomRegion {
  return {
    id: r.id,
    code: `custom:${r.id}`,
    name: r.name,
    description: r.description,
    counties: r.counties ?? [],
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
