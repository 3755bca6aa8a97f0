import { Injectable } from '@nestjs/common';
import { addMonths, monthEnd } from '@credpulse/metrics';
import { NAICS_RANGE_OF as RANGE_OF, NAICS_SECTOR_RANGES as SECTOR_RANGES } from '@credpulse/taxonomy';
import { DataSource } from 'typeorm';
import { badParameter, closestMatch } from '../../../common/problem.js';
import { KeptReads } from '../../../common/kept-reads.js';
import type { DataRange } from '../periods/period-coverage.js';
import type { FilterSpec, ParsedFilters, RegionFilter } from './parsed-filters.js';
import { FilterRepository, type CodeTable } from './filter.repository.js';
import { parseFilterSyntax, type SyntaxFilters } from './parse-filters.js';


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
  /** The latest month and the data's months, kept a few seconds (two index lookups each way). */
  private readonly recent = new KeptReads(10_000);
  private readonly repo: FilterRepository;

  constructor(ds: DataSource) {
    this.repo = new FilterRepository(ds);
  }

  /**
   * Taxonomy codes read whole (the ~56 states by FIPS and USPS code, a table's few thousand codes)
   * and kept a minute: every metric request checks its region and codes, and on a busy server each
   * check is a round trip that waits for a core. A code not among them is looked up again (loaded
   * since) and, when absent, answered with its suggestions; the tables change only when taxonomies
   * are loaded, and codes are not removed.
   */
  private readonly kept = new KeptReads(60_000);

  private async stateFips(code: string): Promise<string | undefined> {
    const byCode = await this.kept.get('states', () => this.repo.stateAliases()).catch(() => new Map<string, string>());
    return byCode.get(code) ?? this.repo.stateFips(code);
  }

  /** Whether any of `codes` is in the table. */
  private async anyCode(table: CodeTable, codes: readonly string[]): Promise<boolean> {
    const known = await this.kept.get(`codes:${table}`, () => this.repo.allCodes(table).then((c) => new Set(c))).catch(() => new Set<string>());
    return codes.some((c) => known.has(c)) || this.repo.anyCode(table, codes);
  }

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
      toEnd: monthEnd(to),
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

  /** The latest month with postings or awards (YYYY-MM), cached for a few seconds (the read in flight shared). */
  latestMonth(): Promise<string> {
    return this.recent.get('latest', () => this.repo.latestMonth().then((m) => m ?? new Date().toISOString().slice(0, 7)));
  }

  /**
   * The months the data spans (postings or awards) and the calendar month in progress, cached for a
   * few seconds like latestMonth (two index lookups each way).
   */
  dataRange(): Promise<DataRange> {
    return this.recent.get('range', () => this.repo.dataMonths().then((m) => ({ ...m, current: new Date().toISOString().slice(0, 7) })));
  }

  private async region(r: SyntaxFilters['region']): Promise<RegionFilter> {
    switch (r.kind) {
      case 'us':
        return r;
      case 'state': {
        const fips = await this.stateFips(r.code);
        if (fips) return { kind: 'state', code: fips };
        throw badParameter('region', `No state "${r.code}".`, (await this.repo.stateCodes()).map((s) => `state:${s}`), `state:${r.code}`);
      }
      case 'county':
        return this.exists('region', 'county', r.code, `county:${r.code}`, (c) => `county:${c}`).then(() => r);
      case 'cbsa':
        return this.exists('region', 'cbsa', r.code, `cbsa:${r.code}`, (c) => `cbsa:${c}`).then(() => r);
      case 'custom': {
        if (await this.repo.customRegionExists(Number(r.code))) return r;
        throw badParameter('region', `No custom region with id ${r.code}.`, (await this.repo.customRegionIds()).map((id) => `custom:${id}`));
      }
    }
    throw badParameter('region', 'Unknown region kind.');
  }

  private async naics(code: string): Promise<NonNullable<ParsedFilters['naics']>> {
    const range = SECTOR_RANGES[code];
    const candidates = range ? [code, ...range] : RANGE_OF[code] ? [code, RANGE_OF[code]] : [code];
    if (!(await this.anyCode('naics', candidates))) await this.notFound('naics', 'naics', code, 'NAICS 2022 code');
    const prefixes = [...(range ?? [code])];
    return { code, prefixes, digits: prefixes[0].length };
  }

  private async soc(code: string): Promise<NonNullable<ParsedFilters['soc']>> {
    const level = (await this.repo.socLevel(code)) ?? (await this.notFound('soc', 'soc', code, 'SOC 2018 code'));
    const prefix = level === 'major' ? code.slice(0, 3) : level === 'minor' ? code.slice(0, 5) : level === 'broad' ? code.slice(0, 6) : code;
    return { code, prefix, level };
  }

  private async cip(code: string): Promise<{ code: string }> {
    await this.exists('cip', 'cip', code, code, (c) => c, 'CIP 2020 code');
    return { code };
  }

  private async skill(id: string): Promise<string> {
    // a source id (onet:..., esco:...) or name of any member answers for its concept's representative
    const concept = await this.repo.skillConcept(id);
    if (concept !== undefined) return concept;
    throw badParameter('skill', `No skill with id "${id}" (see /api/taxonomy/skills).`, await this.repo.skillsNear(id.slice(0, Math.max(1, id.length - 3))), id);
  }

  private async keyed(table: 'credential' | 'provider', v: string): Promise<number> {
    const id = await this.repo.keyedId(table, v);
    if (id !== undefined) return id;
    throw badParameter(table, `No ${table} "${v}" (see /api/taxonomy/${table}s).`, await this.repo.firstIds(table));
  }

  private async exists(param: string, table: CodeTable, code: string, shown: string, fmt: (c: string) => string, what?: string): Promise<void> {
    if (await this.anyCode(table, [code])) return;
    await this.notFound(param, table, code, what ?? table, shown, fmt);
  }

  // Suggests codes sharing a prefix with the bad one (a typo in the last digits is the usual case).
  private async notFound(param: string, table: CodeTable, code: string, what: string, shown = code, fmt: (c: string) => string = (c) => c): Promise<never> {
    const allowed = (await this.repo.codesNear(table, code.slice(0, 2))).map(fmt);
    const suggestion = closestMatch(shown, allowed);
    throw badParameter(param, `Unknown ${what} "${shown}".`, suggestion ? [suggestion, ...allowed.filter((a) => a !== suggestion)] : allowed, shown);
  }
}
