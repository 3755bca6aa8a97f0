import { Inject, Injectable } from '@nestjs/common';
import { OUTCOMES_GROUP_BY, type OutcomeQuarter, type OutcomesGroupBy, type OutcomesResponse, type OutcomesRow, type PeopleCount, OutcomesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import { PROOF_PARAM, type FilterSpec, type ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { OutcomesRepository, type OutcomeAggregate } from './outcomes.repository.js';
import { rollupCanAnswer } from '../analytics/catalogue/source.js';
import { K_PARAM, resolveK } from './people-k.js';

export const OUTCOMES_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'cip', 'credential', 'provider', 'groupBy', 'limit'],
  groupBy: OUTCOMES_GROUP_BY,
  defaultGroupBy: 'credential',
  extra: { k: K_PARAM, proof: PROOF_PARAM },
  defaultMonths: 24,
};
const QUARTERS = [1, 2, 4] as const;

@Injectable()
export class OutcomesService {
  constructor(
    private readonly repo: OutcomesRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `opts.raw`: read the raw rows even where the rollups could answer (equivalence tests). */
  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<OutcomesResponse> {
    const k = resolveK(f, this.config.k);
    const groupBy = (f.groupBy ?? 'credential') as OutcomesGroupBy;
    const aggs = await this.repo.aggregates(f, groupBy, opts.raw === true);
    const byKey = new Map<string | null, Map<number, OutcomeAggregate>>();
    for (const a of aggs) {
      if (!byKey.has(a.key)) byKey.set(a.key, new Map());
      byKey.get(a.key)!.set(a.q, a);
    }
    // No award in the filter: the query returns no row at all, not a zero total row.
    if (!byKey.has(null)) {
      const zero = (q: 1 | 2 | 4): OutcomeAggregate => ({ key: null, q, earners: 0, withData: 0, employed: 0, wageN: 0, p25: null, median: null, p75: null, changeN: 0, medianChange: null });
      byKey.set(null, new Map(QUARTERS.map((q) => [q, zero(q)])));
    }
    const keys = [...byKey.keys()].filter((x): x is string => x !== null);

    // Cells: earners E, with data D, employed M, and the derivable "no data" (E - D) and
    // "not employed" (D - M) per group and quarter; the total row ties every group's cells.
    const t = new DisclosureTable();
    const id = (key: string | null, what: string, q?: number) => `${key ?? '*'}|${what}${q ?? ''}`;
    for (const key of [...keys, null]) {
      const qs = byKey.get(key)!;
      const e = t.cell(id(key, 'E'), qs.get(1)!.earners);
      for (const q of QUARTERS) {
        const a = qs.get(q)!;
        const d = t.cell(id(key, 'D', q), a.withData);
        const m = t.cell(id(key, 'M', q), a.employed);
        t.sum(e, [d, t.cell(id(key, 'N', q), a.earners - a.withData, false)]);
        t.sum(d, [m, t.cell(id(key, 'U', q), a.withData - a.employed, false)]);
      }
    }
    if (keys.length) {
      t.sum(id(null, 'E'), keys.map((key) => id(key, 'E')));
      for (const q of QUARTERS) {
        for (const what of ['D', 'M', 'N', 'U']) t.sum(id(null, what, q), keys.map((key) => id(key, what, q)));
      }
    }
    t.apply(k);

    const people = (cid: string): PeopleCount => t.people(cid);
    const quarters = (key: string | null): OutcomeQuarter[] =>
      QUARTERS.map((q) => {
        const a = byKey.get(key)!.get(q)!;
        const withData = people(id(key, 'D', q));
        const employed = people(id(key, 'M', q));
        // A rate is shown only when both of its counts are: otherwise rate x denominator would
        // give the hidden count back.
        const rate = withData.value !== null && employed.value !== null && withData.value >= k ? employed.value / withData.value : null;
        return {
          quarter: q,
          withData,
          employed,
          employmentRate: rate,
          wageP25: a.wageN >= k ? a.p25 : null,
          wageMedian: a.wageN >= k ? a.median : null,
          wageP75: a.wageN >= k ? a.p75 : null,
          medianWageChange: a.changeN >= k ? a.medianChange : null,
        };
      });

    const labels = await this.repo.labels(groupBy, keys);
    const rows: OutcomesRow[] = keys.map((key) => ({ key, label: labels.get(key) ?? key, earners: people(id(key, 'E')), quarters: quarters(key) }));
    // Shown counts first, largest first; hidden rows after, by key (their order must not hint at their size).
    rows.sort((x, y) => (y.earners.value ?? -1) - (x.earners.value ?? -1) || x.key.localeCompare(y.key));
    const cut = limitRows(rows, f.limit);
    const hasTotal = byKey.has(null);
    const response = await this.envelope.buildResponse({
      querySchema: OutcomesQuery,
      query: f,
      rows: cut.rows,
      totals: hasTotal
        ? { earners: people(id(null, 'E')), quarters: quarters(null) }
        : { earners: { value: 0, suppressed: false }, quarters: [] },
      truncated: cut.truncated,
      suppressedCells: hasTotal ? t.suppressedCount() : 0,
      methodVersion: methodVersion('outcomes', true),
      notes: [
        'Wages are quarterly earnings in nominal dollars (no deflator loaded), in $250 bins: percentiles are of bin midpoints.',
        'Each learner counts once per credential, at their first award of it.',
        ...(groupBy === 'industry' ? ['A credential aligned to several industries counts in each; rows overlap.'] : []),
        ...(!opts.raw && rollupCanAnswer('outcome', f) ? ['Answered from the monthly rollups.'] : []),
      ],
    });
    return { ...response, k };
  }
}
