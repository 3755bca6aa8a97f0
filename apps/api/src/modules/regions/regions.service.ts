import { HttpStatus, Injectable } from '@nestjs/common';
import { REGION_KINDS, type CustomRegion, type ProblemFieldError, type RegionListResponse } from '@credpulse/contracts';
import { badParameter, notFound, Problem } from '../../common/problem.js';
import { limitParam, oneOf, searchTerms } from '../taxonomy/search.js';
import { readCustomRegionInput } from './custom-region.input.js';
import { readRegionCsv } from './region-import.js';
import { RegionsRepository } from './regions.repository.js';
import { AuthRepository } from '../auth/auth.repository.js';

export interface Actor {
  name: string;
  role: string;
}

export const REGIONS_DEFAULT_LIMIT = 100;
export const REGIONS_MAX_LIMIT = 5000;

@Injectable()
export class RegionsService {
  constructor(
    private readonly repo: RegionsRepository,
    private readonly audit: AuthRepository,
  ) {}

  async list(query: Record<string, unknown>): Promise<RegionListResponse> {
    for (const name of Object.keys(query)) {
      if (!['q', 'kind', 'limit'].includes(name)) throw badParameter(name, `Unknown parameter "${name}" for /regions; accepted: q, kind, limit.`, ['q', 'kind', 'limit'], name);
    }
    const terms = searchTerms(query.q);
    const kind = oneOf('kind', query.kind, REGION_KINDS);
    const limit = limitParam(query.limit, REGIONS_DEFAULT_LIMIT, REGIONS_MAX_LIMIT);
    const rows = await this.repo.search(terms, kind, limit);
    return { q: terms.text, kind: kind ?? null, items: rows.slice(0, limit), truncated: rows.length > limit };
  }

  listCustom(): Promise<CustomRegion[]> {
    return this.repo.listCustom();
  }

  async getCustom(idRaw: string): Promise<CustomRegion> {
    const id = regionId(idRaw);
    const region = await this.repo.getCustom(id);
    if (!region) throw notFound(`There is no custom region ${id}.`);
    return region;
  }

  async create(body: unknown, actor: Actor): Promise<CustomRegion> {
    const input = await this.validate(body);
    const region = await this.repo.createCustom(input.name, input.description ?? null, input.counties);
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'region.create', dataset: 'custom_region', filters: { region: region.code }, rows: region.counties.length, detail: `"${region.name}": ${summary(region.counties)}` });
    return region;
  }

  /**
   * Imports a region list (CSV name,counties[,description]; docs in README "Regions"): every line is
   * checked (shape, counties that exist, names not taken, also within the file) before any is
   * created, in one transaction; errors name the line and the field.
   */
  async importCsv(body: AsyncIterable<Buffer | string>, actor: Actor): Promise<{ created: CustomRegion[] }> {
    const { rows, errors } = await readRegionCsv(body);
    if (!errors.length) {
      const known = await this.repo.existingCounties([...new Set(rows.flatMap((r) => r.counties))]);
      const taken = await this.repo.namesTaken(rows.map((r) => r.name));
      const seen = new Map<string, number>();
      for (const r of rows) {
        const unknown = r.counties.filter((c) => !known.has(c));
        if (unknown.length) errors.push({ line: r.line, field: 'counties', reason: `${unknown.length === 1 ? 'county' : 'counties'} ${unknown.slice(0, 10).join(' ')} ${unknown.length === 1 ? 'does' : 'do'} not exist in the FIPS 2023 county list` });
        const key = r.name.toLowerCase();
        if (taken.has(key)) errors.push({ line: r.line, field: 'name', reason: `a custom region named "${r.name}" already exists` });
        else if (seen.has(key)) errors.push({ line: r.line, field: 'name', reason: `"${r.name}" is also on line ${seen.get(key)}` });
        seen.set(key, r.line);
      }
    }
    if (!rows.length && !errors.length) errors.push({ line: 2, field: 'name', reason: 'no regions: one line per region after the header' });
    if (errors.length) {
      const first = errors[0];
      throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid region list', `line ${first.line}, ${first.field}: ${first.reason}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, { errors: errors.slice(0, 200) });
    }
    const created = await this.repo.createMany(rows);
    for (const region of created) {
      await this.audit.audit({ actor: actor.name, role: actor.role, action: 'region.import', dataset: 'custom_region', filters: { region: region.code }, rows: region.counties.length, detail: `"${region.name}": ${summary(region.counties)}` });
    }
    return { created };
  }

  async update(idRaw: string, body: unknown, actor: Actor): Promise<CustomRegion> {
    const id = regionId(idRaw);
    const before = await this.repo.getCustom(id);
    if (!before) throw notFound(`There is no custom region ${id}.`);
    const input = await this.validate(body, id);
    const region = await this.repo.updateCustom(id, input.name, input.description ?? null, input.counties);
    if (!region) throw notFound(`There is no custom region ${id}.`);
    const added = region.counties.filter((c) => !before.counties.includes(c));
    const removed = before.counties.filter((c) => !region.counties.includes(c));
    const renamed = before.name !== region.name ? `renamed from "${before.name}"; ` : '';
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'region.update', dataset: 'custom_region', filters: { region: region.code }, rows: region.counties.length, detail: `"${region.name}": ${renamed}added ${summary(added)}; removed ${summary(removed)}` });
    return region;
  }

  async remove(idRaw: string, actor: Actor): Promise<void> {
    const id = regionId(idRaw);
    const before = await this.repo.getCustom(id);
    if (!before || !(await this.repo.deleteCustom(id))) throw notFound(`There is no custom region ${id}.`);
    await this.audit.audit({ actor: actor.name, role: actor.role, action: 'region.delete', dataset: 'custom_region', filters: { region: before.code }, rows: before.counties.length, detail: `"${before.name}": ${summary(before.counties)}` });
  }

  private async validate(body: unknown, exceptId?: number) {
    const { input, errors } = readCustomRegionInput(body);
    if (!input) throw invalid(errors);
    const known = await this.repo.existingCounties(input.counties);
    const missing: ProblemFieldError[] = [];
    const sent = Array.isArray((body as { counties?: unknown }).counties) ? ((body as { counties: unknown[] }).counties) : [];
    for (const fips of input.counties) {
      if (known.has(fips)) continue;
      const i = sent.indexOf(fips);
      // Connecticut replaced its 8 counties with 9 planning regions (09110-09190) in the 2023 vintage.
      const hint = /^090(0[1-9]|1[0-5])$/.test(fips) ? ' (Connecticut uses planning regions 09110-09190 since 2022)' : '';
      missing.push({ pointer: `/counties/${i}`, field: 'counties', reason: `county ${fips} does not exist in the FIPS 2023 county list${hint}` });
    }
    if (missing.length) throw invalid(missing);
    if (await this.repo.nameTaken(input.name, exceptId)) {
      throw new Problem(HttpStatus.CONFLICT, 'Conflict', `A custom region named "${input.name}" already exists.`, {
        errors: [{ pointer: '/name', field: 'name', reason: `a custom region named "${input.name}" already exists` }],
      });
    }
    return input;
  }
}

/** "3 counties: 06001 06013 06075" (the first 20 listed). */
function summary(counties: string[]): string {
  if (!counties.length) return 'no counties';
  const shown = counties.slice(0, 20).join(' ');
  return `${counties.length} ${counties.length === 1 ? 'county' : 'counties'}: ${shown}${counties.length > 20 ? ' ...' : ''}`;
}

function regionId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw badParameter('id', `A custom region id is a positive whole number; got "${raw}".`);
  return Number(raw);
}

function invalid(errors: ProblemFieldError[]): Problem {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new Problem(HttpStatus.BAD_REQUEST, 'Invalid custom region', `${first.pointer || '/'}: ${first.reason}${more}`, { errors });
}
