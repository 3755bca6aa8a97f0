import { Injectable } from '@nestjs/common';
import { CREDENTIAL_TYPES, PICKER_KINDS, type PickerKind, type PickerResponse } from '@credpulse/contracts';
import { badParameter } from '../../common/problem.js';
import { limitParam, oneOf, searchTerms } from './search.js';
import { TaxonomyRepository } from './taxonomy.repository.js';

export const PICKER_DEFAULT_LIMIT = 20;
export const PICKER_MAX_LIMIT = 100;

// The optional narrowing filter each picker accepts, and its values.
const FILTERS: Partial<Record<PickerKind, { name: string; allowed: readonly string[] }>> = {
  naics: { name: 'level', allowed: ['2', '3', '4', '5', '6'] },
  soc: { name: 'level', allowed: ['major', 'minor', 'broad', 'detailed'] },
  cip: { name: 'level', allowed: ['2', '4', '6'] },
  skills: { name: 'source', allowed: ['onet', 'esco'] },
  credentials: { name: 'type', allowed: [...CREDENTIAL_TYPES] },
};

@Injectable()
export class TaxonomyService {
  constructor(private readonly repo: TaxonomyRepository) {}

  async pick(kindRaw: string, query: Record<string, unknown>): Promise<PickerResponse> {
    const kind = oneOf('kind', kindRaw, PICKER_KINDS);
    if (!kind) throw badParameter('kind', `Unknown list; use one of ${PICKER_KINDS.join(', ')}.`, PICKER_KINDS, kindRaw);
    const allowedParams = new Set(['q', 'limit', ...(FILTERS[kind] ? [FILTERS[kind].name] : [])]);
    for (const name of Object.keys(query)) {
      if (!allowedParams.has(name)) throw badParameter(name, `Unknown parameter "${name}" for /taxonomy/${kind}; accepted: ${[...allowedParams].join(', ')}.`, [...allowedParams], name);
    }
    const terms = searchTerms(query.q);
    const limit = limitParam(query.limit, PICKER_DEFAULT_LIMIT, PICKER_MAX_LIMIT);
    const f = FILTERS[kind];
    const filter = f ? oneOf(f.name, query[f.name], f.allowed) : undefined;
    const rows = await this.repo.search(kind, terms, limit, filter);
    return { kind, q: terms.text, items: rows.slice(0, limit), truncated: rows.length > limit };
  }
}
