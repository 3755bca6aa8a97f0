import { Inject, Injectable } from '@nestjs/common';
import { EQUITY_DIMENSION_NAMES, type EquityDimensionName, type EquityResponse, type EquityRow, type PeopleCount, EquityQuery } from '@credpulse/contracts';
import { DisclosureTable, groupShare, methodVersion, share } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { K_PARAM, resolveK } from '../outcomes/people-k.js';
import { EquityRepository } from './equity.repository.js';

export const EQUITY_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'limit'],
  extra: {
    k: K_PARAM,
    proof: PROOF_PARAM,
    dimension: { values: ['all', ...EQUITY_DIMENSION_NAMES], describe: 'one demographic dimension, or all', default: 'all' },
  },
};

@Injectable()
export class EquityService {
  constructor(
    private readonly repo: EquityRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `opts.raw`: read credential_award even where the rollups could answer (the equivalence tests). */
  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<EquityResponse> {
    const k = resolveK(f, this.config.k);
    const dims = f.extra.dimension && f.extra.dimension !== 'all' ? [f.extra.dimension as EquityDimensionName] : [...EQUITY_DIMENSION_NAMES];
    const [counts, population] = await Promise.all([this.repo.counts(f, dims, opts), this.repo.population(f)]);

    // One total shared by every dimension; each dimension's groups (with 'unknown') add up to it.
    const t = new DisclosureTable();
    const total = t.cell('*', counts.find((c) => c.dimension === '*')?.n ?? 0);
    for (const d of dims) {
      const parts = counts.filter((c) => c.dimension === d).map((c) => t.cell(`${d}|${c.grp}`, c.n));
      if (parts.length) t.sum(total, parts);
    }
    t.apply(k);
    const people = (id: string): PeopleCount => t.people(id);

    const totalShown = t.value('*');
    const rows: EquityRow[] = [];
    const notes: string[] = [];
    for (const d of dims) {
      const groups = counts.filter((c) => c.dimension === d);
      const pop = population.filter((p) => p.dimension === d && p.grp !== 'unknown');
      const popTotal = pop.length ? pop.reduce((s, p) => s + p.population, 0) : null;
      if (!pop.length) notes.push(`No population loaded for ${d} in this region: populationShare is null.`);
      const unknown = groups.find((g) => g.grp === 'unknown');
      // Awards with a known value: computable only from shown cells, so it leaks nothing.
      const unknownShown = unknown ? t.value(`${d}|unknown`) : 0;
      const known = totalShown !== null && unknownShown !== null ? totalShown - unknownShown : null;
      for (const g of groups) {
        const awards = people(`${d}|${g.grp}`);
        const popRow = pop.find((p) => p.grp === g.grp);
        const gs = groupShare(awards.value, known, g.grp === 'unknown' ? null : (popRow?.population ?? null), popTotal);
        rows.push({
          dimension: d,
          group: g.grp,
          awards,
          awardShare: awards.value === null || totalShown === null ? null : share(awards.value, totalShown),
          shareOfKnown: g.grp === 'unknown' ? null : gs.awardShare,
          populationShare: gs.populationShare,
          representation: gs.representation,
        });
      }
    }
    rows.sort((a, b) => dims.indexOf(a.dimension) - dims.indexOf(b.dimension) || a.group.localeCompare(b.group));
    const cut = limitRows(rows, f.limit);
    const response = await this.envelope.buildResponse({
      querySchema: EquityQuery,
      query: f,
      rows: cut.rows,
      totals: { awards: people('*') },
      truncated: cut.truncated,
      suppressedCells: t.suppressedCount(),
      methodVersion: methodVersion('equity', true),
      notes,
    });
    return { ...response, k };
  }
}
