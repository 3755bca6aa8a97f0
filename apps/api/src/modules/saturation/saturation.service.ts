import { Inject, Injectable } from '@nestjs/common';
import { SATURATION_VIEWS, type PeopleCount, type SaturationResponse, type SaturationRow, SaturationQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { K_PARAM, resolveK } from '../outcomes/people-k.js';
import { SaturationRepository } from './saturation.repository.js';

export const SATURATION_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'skill', 'provider', 'limit'],
  extra: { k: K_PARAM, proof: PROOF_PARAM, view: { values: SATURATION_VIEWS, describe: 'skills (saturation per skill) or unrecognized (credentials no posting names)', default: 'skills' } },
};

@Injectable()
export class SaturationService {
  constructor(
    private readonly repo: SaturationRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `opts.raw`: read the raw award and posting rows even where the rollups could answer (the equivalence tests). */
  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<SaturationResponse> {
    const k = resolveK(f, this.config.k);
    const view = f.extra.view ?? 'skills';
    const creds = await this.repo.credentials(f, opts);
    const unrecognized = creds.filter((c) => !c.named);

    // Award counts per credential are the atoms; skill rows and the unrecognized total are sums of
    // them. Atoms not in the answer are registered unpublished so differences between overlapping
    // skill rows cannot single one out.
    const t = new DisclosureTable();
    const people = (id: string): PeopleCount => t.people(id);
    let rows: SaturationRow[];
    let unrecognizedAwards: PeopleCount | undefined;
    if (view === 'unrecognized') {
      for (const c of creds) t.cell(`c${c.id}`, c.awards, !c.named);
      const total = t.cell('U', unrecognized.reduce((s, c) => s + c.awards, 0));
      if (unrecognized.length) t.sum(total, unrecognized.map((c) => `c${c.id}`));
      t.apply(k);
      unrecognizedAwards = people('U');
      rows = unrecognized.map((c) => ({ kind: 'credential', credentialId: c.id, name: c.name, awards: people(`c${c.id}`) }));
    } else {
      const skills = await this.repo.skills(f, creds.map((c) => c.id), opts);
      const awardsOf = new Map(creds.map((c) => [c.id, c.awards]));
      for (const c of creds) t.cell(`c${c.id}`, c.awards, false);
      for (const s of skills) {
        const n = s.awarded.reduce((sum, id) => sum + (awardsOf.get(id) ?? 0), 0);
        t.cell(`s${s.skillId}`, n);
        if (s.awarded.length) t.sum(`s${s.skillId}`, s.awarded.map((id) => `c${id}`));
      }
      t.apply(k);
      rows = skills.map((s) => ({ kind: 'skill', skillId: s.skillId, name: s.name, credentials: s.credentials, awards: people(`s${s.skillId}`), postings: s.postings }));
    }
    rows.sort((a, b) =>
      a.kind === 'skill' && b.kind === 'skill'
        ? b.credentials - a.credentials || b.postings - a.postings || a.skillId.localeCompare(b.skillId)
        : (b.awards.value ?? -1) - (a.awards.value ?? -1) || a.name.localeCompare(b.name),
    );
    const cut = limitRows(rows, f.limit);
    const response = await this.envelope.buildResponse({
      querySchema: SaturationQuery,
      query: f,
      rows: cut.rows,
      totals: { credentialsAwarded: creds.length, unrecognized: unrecognized.length, ...(unrecognizedAwards ? { unrecognizedAwards } : {}) },
      truncated: cut.truncated,
      suppressedCells: t.suppressedCount(),
      methodVersion: methodVersion('saturation', true),
      notes: ['Postings are advertisements, not openings; a credential is "unrecognized" when no posting in the period and region names it.'],
    });
    return { ...response, k };
  }
}
