import { Injectable } from '@nestjs/common';
import type { PickerItem, PickerKind } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import type { SearchTerms } from './search.js';

/** How one code list is searched: SQL expressions over its table, all from this allow-list. */
interface PickerSource {
  from: string;
  code: string;
  title: string;
  /** Extra searchable text (alternate labels, short names), ranked after the title. */
  alt?: string;
  select: string;
  /** The column a `level` / `source` filter applies to. */
  filterColumn?: string;
  /** Order when nothing is searched, and the tie-break inside a rank. */
  browseOrder: string;
  tieBreak: string;
}

const SOURCES: Record<PickerKind, PickerSource> = {
  naics: {
    from: 'naics t',
    code: 't.code',
    title: 't.title',
    select: `t.code, t.title, t.level, t.parent_code AS "parentCode"`,
    filterColumn: 't.level::text',
    browseOrder: 't.code',
    tieBreak: 't.level, t.code',
  },
  soc: {
    from: 'soc t',
    code: 't.code',
    title: 't.title',
    select: `t.code, t.title, t.level, t.parent_code AS "parentCode"`,
    filterColumn: 't.level',
    browseOrder: 't.code',
    tieBreak: `array_position(ARRAY['major','minor','broad','detailed'], t.level), t.code`,
  },
  cip: {
    from: 'cip t',
    code: 't.code',
    title: 't.title',
    select: `t.code, t.title, t.level, t.parent_code AS "parentCode"`,
    filterColumn: 't.level::text',
    browseOrder: 't.code',
    tieBreak: 't.level, t.code',
  },
  // One row per skill concept (skill-concepts.ts); the names and ids of the source skills folded
  // into it are searchable, so "Structured query language SQL" or "onet:python" finds its concept.
  skills: {
    from: `(SELECT s.*, mm.labels AS member_labels FROM skill s
            LEFT JOIN (SELECT canonical_id, string_agg(name || ' | ' || id, ' | ') AS labels FROM skill WHERE canonical_id IS NOT NULL GROUP BY 1) mm ON mm.canonical_id = s.id
            WHERE s.canonical_id IS NULL) t`,
    code: 't.id',
    title: 't.name',
    alt: `array_to_string(t.alt_labels, ' | ') || coalesce(' | ' || t.member_labels, '')`,
    select: `t.id AS code, t.name AS title, t.source AS kind, CASE t.source WHEN 'onet' THEN 'O*NET technology' ELSE 'ESCO ' || coalesce(t.kind, 'skill') END AS detail, t.hot`,
    filterColumn: 't.source',
    browseOrder: 't.hot DESC, t.name, t.id',
    tieBreak: 't.hot DESC, length(t.name), t.name, t.id',
  },
  credentials: {
    from: 'credential t LEFT JOIN provider p ON p.id = t.provider_id',
    code: 't.id::text',
    title: 't.name',
    alt: `array_to_string(t.short_names, ' | ') || ' | ' || coalesce(p.name, '')`,
    select: `t.id::text AS code, t.name AS title, t.type AS kind, p.name AS detail`,
    filterColumn: 't.type',
    browseOrder: 't.name, t.id',
    tieBreak: 'length(t.name), t.name, t.id',
  },
  providers: {
    from: 'provider t',
    code: 't.id::text',
    title: 't.name',
    select: `t.id::text AS code, t.name AS title, t.kind`,
    filterColumn: 't.kind',
    browseOrder: 't.name, t.id',
    tieBreak: 'length(t.name), t.name, t.id',
  },
};

@Injectable()
export class TaxonomyRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Ranked search: 0 exact code, 1 code prefix, 2 title prefix, 3 title contains every word,
   * 4 alternate labels contain every word. Returns up to `limit + 1` rows so the caller can flag
   * truncation.
   */
  async search(kind: PickerKind, terms: SearchTerms, limit: number, filter?: string): Promise<PickerItem[]> {
    const s = SOURCES[kind];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (filter !== undefined && s.filterColumn) where.push(`${s.filterColumn} = ${p(filter)}`);
    let rank = '0';
    let order = s.browseOrder;
    if (terms.exact) {
      const exact = p(terms.exact);
      const prefix = p(terms.prefix);
      const words = p(terms.words);
      rank = `CASE
        WHEN lower(${s.code}) = ${exact} THEN 0
        WHEN lower(${s.code}) LIKE ${prefix} THEN 1
        WHEN lower(${s.title}) LIKE ${prefix} THEN 2
        WHEN lower(${s.title}) LIKE ALL(${words}::text[]) THEN 3
        ${s.alt ? `WHEN lower(${s.alt}) LIKE ALL(${words}::text[]) THEN 4` : ''}
      END`;
      order = `rank, ${s.tieBreak}`;
    }
    if (terms.exact) where.push(`(${rank}) IS NOT NULL`);
    const sql = `SELECT ${s.select}, ${rank} AS rank FROM ${s.from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order} LIMIT ${p(limit + 1)}`;
    const rows: (PickerItem & { rank: number })[] = await this.ds.query(sql, params);
    return rows.map(({ rank: _rank, ...item }) => {
      const out: PickerItem = { code: item.code, title: item.title };
      if (item.level !== undefined) out.level = typeof item.level === 'string' && /^\d+$/.test(item.level) ? Number(item.level) : item.level;
      if (item.parentCode !== undefined) out.parentCode = item.parentCode;
      if (item.kind !== undefined) out.kind = item.kind;
      if (item.detail !== undefined) out.detail = item.detail;
      if (item.hot !== undefined) out.hot = item.hot;
      return out;
    });
  }
}
