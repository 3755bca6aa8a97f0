import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badParameter, closestMatch } from '../../../common/problem.js';
import type { DataRange } from '../periods/period-coverage.js';
import type { FilterSpec, ParsedFilters, RegionFilter } from './parsed-filters.js';
import { parseFilterSyntax, type SyntaxFilters } from './parse-filters.js';

const SECTOR_RANGES: Record<string, string[]> = { '31-33': ['31', '32', '33'], '44-45': ['44', '45'], '48-49': ['48', '49'] };
const RANGE_OF: Record<string, string> = { '31': '31-33', '32': '31-33', '33': '31-33', '44': '44-45', '45': '44-45', '48': '48-49', '49': '48-49' };

/**
 * Parses the common metric filters from a query string and checks every code against the
 * taxonomy tables. Use from a controller or service:
 *
 *   const f = await filters.parse(query, { accept: ['from', 'to', 'region', 'naics'], groupBy: ['state'] });
 *
 * Throws Problem (400 application/problem+json naming the parameter, what is allowed and a close
 * match) for every bad value. The result feeds `whereFilters()` (sql-builder.ts) and `echoFilters()`.
 */
@Injectable()
export class FilterService {
  private latest: { at: number; month: string } | undefined;
  private range: { at: number; data: Promise<DataRange> } | undefined;

  constructor(private readonly ds: DataSource) {}

  async parse(query: Record<string, unknown>, spec: FilterSpec): Promise<ParsedFilters> {
    const s = parseFilterSyntax(query, spec);
    const to = s.to ?? (s.from && s.from > (await this.latestMonth()) ? s.from : await this.latestMonth());
    const from = s.from ?? addMonths(to, -((spec.defaultMonths ?? 12) - 1));
    const [region, naics, soc, cip, skill, credential, provider] = await Promise.all([
      this.region(s.region),
      s.naics !== undefined ? this.naics(s.naics) : undefined,
      s.soc !== undefined ? this.soc(s.soc) : undefined,
      s.cip !== undefined ? this.cip(s.cip) : undefined,
      s.skill !== undefined ? this.skill(s.skill) : undefined,
      s.credential !== undefined ? this.keyed('credential', s.credential) : undefined,
      s.provider !== undefined ? this.keyed('provider', s.provider) : undefined,
    ]);
    return {
      from,
      to,
      fromDate: `${from}-01`,
      toEnd: `${addMonths(to, 1)}-01`,
      region,
      ...(naics ? { naics } : {}),
      ...(soc ? { soc } : {}),
      ...(cip ? { cip } : {}),
      ...(skill !== undefined ? { skill } : {}),
      ...(credential !== undefined ? { credential } : {}),
      ...(provider !== undefined ? { provider } : {}),
      ...(s.groupBy ? { groupBy: s.groupBy } : {}),
      granularity: s.granularity,
      limit: s.limit,
      extra: s.extra,
      given: s.given,
      accepts: new Set([...spec.accept, ...Object.keys(spec.extra ?? {})]),
      ...(spec.trendGranularity ? { trendGranularity: true } : {}),
    };
  }

  /** The latest month with postings or awards (YYYY-MM), cached for a few seconds. */
  async latestMonth(): Promise<string> {
    if (this.latest && Date.now() - this.latest.at < 10_000) return this.latest.month;
    const [row]: { m: string | null }[] = await this.ds.query(
      `SELECT to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS m`,
    );
    const month = row?.m ?? new Date().toISOString().slice(0, 7);
    this.latest = { at: Date.now(), month };
    return month;
  }

  /**
   * The months the data spans (postings or awards) and the calendar month in progress, cached for a
   * few seconds like latestMonth (two index lookups each way).
   */
  dataRange(): Promise<DataRange> {
    if (this.range && Date.now() - this.range.at < 10_000) return this.range.data;
    const data = this.ds
      .query(
        `SELECT to_char(LEAST((SELECT min(posted_date) FROM job_posting), (SELECT min(award_date) FROM credential_award)), 'YYYY-MM') AS first,
                to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS last`,
      )
      .then(([row]: { first: string | null; last: string | null }[]) => ({ first: row?.first ?? null, last: row?.last ?? null, current: new Date().toISOString().slice(0, 7) }));
    this.range = { at: Date.now(), data };
    data.catch(() => (this.range = undefined));
    return data;
  }

  private async region(r: SyntaxFilters['region']): Promise<RegionFilter> {
    switch (r.kind) {
      case 'us':
        return r;
      case 'state': {
        const rows: { fips: string }[] = await this.ds.query('SELECT fips FROM state WHERE fips = $1 OR usps = $1', [r.code]);
        if (rows.length) return { kind: 'state', code: rows[0].fips };
        const all: { fips: string; usps: string }[] = await this.ds.query('SELECT fips, usps FROM state ORDER BY fips');
        throw badParameter('region', `No state "${r.code}".`, all.map((s) => `state:${s.fips}`), `state:${r.code}`);
      }
      case 'county':
        return this.exists('region', 'county', 'fips', r.code, `county:${r.code}`, (c) => `county:${c}`).then(() => r);
      case 'cbsa':
        return this.exists('region', 'cbsa', 'code', r.code, `cbsa:${r.code}`, (c) => `cbsa:${c}`).then(() => r);
      case 'custom': {
        const rows = await this.ds.query('SELECT id FROM custom_region WHERE id = $1', [Number(r.code)]);
        if (rows.length) return r;
        const all: { id: number }[] = await this.ds.query('SELECT id FROM custom_region ORDER BY id LIMIT 50');
        throw badParameter('region', `No custom region with id ${r.code}.`, all.map((c) => `custom:${c.id}`));
      }
    }
    throw badParameter('region', 'Unknown region kind.');
  }

  private async naics(code: string): Promise<NonNullable<ParsedFilters['naics']>> {
    const range = SECTOR_RANGES[code];
    const candidates = range ? [code, ...range] : RANGE_OF[code] ? [code, RANGE_OF[code]] : [code];
    const rows = await this.ds.query('SELECT code FROM naics WHERE code = ANY($1) LIMIT 1', [candidates]);
    if (!rows.length) await this.notFound('naics', 'naics', 'code', code, 'NAICS 2022 code');
    const prefixes = range ?? [code];
    return { code, prefixes, digits: prefixes[0].length };
  }

  private async soc(code: string): Promise<NonNullable<ParsedFilters['soc']>> {
    const rows: { level: 'major' | 'minor' | 'broad' | 'detailed' }[] = await this.ds.query('SELECT level FROM soc WHERE code = $1', [code]);
    if (!rows.length) await this.notFound('soc', 'soc', 'code', code, 'SOC 2018 code');
    const level = rows[0].level;
    const prefix = level === 'major' ? code.slice(0, 3) : level === 'minor' ? code.slice(0, 5) : level === 'broad' ? code.slice(0, 6) : code;
    return { code, prefix, level };
  }

  private async cip(code: string): Promise<{ code: string }> {
    await this.exists('cip', 'cip', 'code', code, code, (c) => c, 'CIP 2020 code');
    return { code };
  }

  private async skill(id: string): Promise<string> {
    // a source id (onet:..., esco:...) or name of any member answers for its concept's representative
    const rows: { id: string }[] = await this.ds.query('SELECT COALESCE(canonical_id, id) AS id FROM skill WHERE id = $1 OR lower(name) = lower($1) ORDER BY (id = $1) DESC LIMIT 1', [id]);
    if (rows.length) return rows[0].id;
    const near: { id: string }[] = await this.ds.query(`SELECT id FROM skill WHERE id LIKE $1 || '%' ORDER BY id LIMIT 500`, [id.slice(0, Math.max(1, id.length - 3))]);
    throw badParameter('skill', `No skill with id "${id}" (see /api/taxonomy/skills).`, near.map((r) => r.id), id);
  }

  private async keyed(table: 'credential' | 'provider', v: string): Promise<number> {
    const rows: { id: number }[] = /^\d{1,9}$/.test(v)
      ? await this.ds.query(`SELECT id FROM ${table} WHERE id = $1`, [Number(v)])
      : await this.ds.query(`SELECT id FROM ${table} WHERE source_key = $1`, [v]);
    if (rows.length) return rows[0].id;
    const near: { k: string }[] = await this.ds.query(`SELECT id::text AS k FROM ${table} ORDER BY id LIMIT 50`);
    throw badParameter(table, `No ${table} "${v}" (see /api/taxonomy/${table}s).`, near.map((r) => r.k));
  }

  private async exists(param: string, table: string, col: string, code: string, shown: string, fmt: (c: string) => string, what?: string): Promise<void> {
    const rows = await this.ds.query(`SELECT 1 FROM ${table} WHERE ${col} = $1`, [code]);
    if (rows.length) return;
    await this.notFound(param, table, col, code, what ?? table, shown, fmt);
  }

  // Suggests codes sharing a prefix with the bad one (a typo in the last digits is the usual case).
  private async notFound(param: string, table: string, col: string, code: string, what: string, shown = code, fmt: (c: string) => string = (c) => c): Promise<never> {
    const near: { c: string }[] = await this.ds.query(`SELECT ${col} AS c FROM ${table} WHERE ${col} LIKE $1 || '%' ORDER BY ${col} LIMIT 500`, [code.slice(0, 2)]);
    const allowed = near.map((r) => fmt(String(r.c).trim()));
    const suggestion = closestMatch(shown, allowed);
    throw badParameter(param, `Unknown ${what} "${shown}".`, suggestion ? [suggestion, ...allowed.filter((a) => a !== suggestion)] : allowed, shown);
  }
}

/** Adds months to YYYY-MM. */
export function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
