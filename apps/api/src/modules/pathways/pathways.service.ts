import { Inject, Injectable } from '@nestjs/common';
import type { PathwayRow, PathwaysResponse, PeopleCount } from '@credpulse/contracts';
import { PathwaysQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { K_PARAM, resolveK } from '../outcomes/people-k.js';
import { PathwaysRepository } from './pathways.repository.js';

export const PATHWAYS_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'limit'],
  extra: { k: K_PARAM, proof: PROOF_PARAM },
  defaultMonths: 36,
};

@Injectable()
export class PathwaysService {
  constructor(
    private readonly repo: PathwaysRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `opts.raw`: read the raw rows even where the rollup could answer (equivalence tests). */
  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<PathwaysResponse> {
    const k = resolveK(f, this.config.k);
    const pairs = await this.repo.pairs(f, opts.raw === true);
    // Earners of A (shared by every pair from A) = later earners of B + those who did not.
    const t = new DisclosureTable();
    const from = new Set<number>();
    for (const x of pairs) {
      if (!from.has(x.fromId)) t.cell(`E${x.fromId}`, x.earners);
      from.add(x.fromId);
      const later = t.cell(`L${x.fromId}>${x.toId}`, x.later);
      t.sum(`E${x.fromId}`, [later, t.cell(`N${x.fromId}>${x.toId}`, x.earners - x.later, false)]);
    }
    t.apply(k);
    const people = (id: string): PeopleCount => t.people(id);
    const rows: PathwayRow[] = pairs.map((x) => {
      const earnersFrom = people(`E${x.fromId}`);
      const laterTo = people(`L${x.fromId}>${x.toId}`);
      return {
        fromCredential: { id: x.fromId, name: x.fromName },
        toCredential: { id: x.toId, name: x.toName },
        earnersFrom,
        laterTo,
        share: earnersFrom.value !== null && laterTo.value !== null && earnersFrom.value > 0 ? laterTo.value / earnersFrom.value : null,
        medianMonths: x.later >= k ? x.medianMonths : null,
      };
    });
    rows.sort(
      (a, b) => (b.laterTo.value ?? -1) - (a.laterTo.value ?? -1) || a.fromCredential.id - b.fromCredential.id || a.toCredential.id - b.toCredential.id,
    );
    const cut = limitRows(rows, f.limit);
    const response = await this.envelope.buildResponse({
      querySchema: PathwaysQuery,
      query: f,
      rows: cut.rows,
      totals: { pairs: rows.length },
      truncated: cut.truncated,
      suppressedCells: t.suppressedCount(),
      methodVersion: methodVersion('pathways', true),
      ...(!opts.raw && rollupCanAnswer('pathway', f) ? { notes: ['Answered from the monthly rollups.'] } : {}),
    });
    return { ...response, k };
  }
}
