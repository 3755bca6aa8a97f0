import { Inject, Injectable } from '@nestjs/common';
import type { PathwaysResponse } from '@credpulse/contracts';
import { PathwaysQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { K_PARAM, resolveK } from '../outcomes/people-k.js';
import { pairCells, pathwayRows } from './pathway-cells.js';
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
    const t = new DisclosureTable();
    pairCells(t, '', pairs);
    t.apply(k);
    const rows = pathwayRows(t, '', pairs, k);
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
