import { Inject, Injectable } from '@nestjs/common';
import { type OutcomeQuarter, type OutcomesPeriodRow, type OutcomesSeriesResponse, type PeopleCount, OutcomesSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { seriesPeriods, splitByPeriod } from '../analytics/periods/period-series.js';
import { OutcomesRepository, type OutcomeAggregate } from './outcomes.repository.js';
import { resolveK } from './people-k.js';

const QUARTERS = [1, 2, 4] as const;
const WHAT = ['D', 'M', 'N', 'U'] as const;

/**
 * groupBy=period: the outcomes of each period's cohort (earners whose first award of a credential
 * falls in the period). Earner counts add up over months (each earner once per credential), so the
 * periods' cells add up to the range's: one disclosure table holds every period and the range
 * total, so no hidden period is the range minus the shown ones. Percentiles need each period's own
 * wage histogram: one counts and one histogram query answer every period and the range (perPeriod).
 */
@Injectable()
export class OutcomesSeriesService {
  constructor(
    private readonly repo: OutcomesRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<OutcomesSeriesResponse> {
    const k = resolveK(f, this.config.k);
    const periods = seriesPeriods(f, await this.envelope.dataRange());
    const split = splitByPeriod(await this.repo.periodAggregates(f, opts.raw === true), periods);
    const byQuarter = (aggs: OutcomeAggregate[]) => new Map(aggs.map((a) => [a.q, a]));
    const whole = byQuarter(split.whole);
    const each = split.each.map(byQuarter);
    const zero = (q: 1 | 2 | 4): OutcomeAggregate => ({ key: null, q, earners: 0, withData: 0, employed: 0, wageN: 0, p25: null, median: null, p75: null, changeN: 0, medianChange: null });
    const at = (m: Map<number, OutcomeAggregate>, q: 1 | 2 | 4) => m.get(q) ?? zero(q);

    // earners E, with data D, employed M, derivable "no data" N = E - D and "not employed" U = D - M, per period and quarter
    const t = new DisclosureTable();
    const id = (key: string, what: string, q?: number) => `${key}|${what}${q ?? ''}`;
    const cells = (key: string, m: Map<number, OutcomeAggregate>) => {
      const e = t.cell(id(key, 'E'), at(m, 1).earners);
      for (const q of QUARTERS) {
        const a = at(m, q);
        const d = t.cell(id(key, 'D', q), a.withData);
        t.cell(id(key, 'M', q), a.employed);
        t.sum(e, [d, t.cell(id(key, 'N', q), a.earners - a.withData, false)]);
        t.sum(d, [id(key, 'M', q), t.cell(id(key, 'U', q), a.withData - a.employed, false)]);
      }
    };
    periods.forEach((p, i) => cells(p.key, each[i]));
    cells('*', whole);
    if (periods.length) {
      t.sum(id('*', 'E'), periods.map((p) => id(p.key, 'E')));
      for (const q of QUARTERS) for (const what of WHAT) t.sum(id('*', what, q), periods.map((p) => id(p.key, what, q)));
    }
    t.apply(k);
    const people = (cid: string): PeopleCount => t.people(cid);
    let suppressed = 0;
    const quarters = (key: string, m: Map<number, OutcomeAggregate>): OutcomeQuarter[] =>
      QUARTERS.map((q) => {
        const a = at(m, q);
        const withData = people(id(key, 'D', q));
        const employed = people(id(key, 'M', q));
        suppressed += Number(withData.suppressed) + Number(employed.suppressed);
        return {
          quarter: q,
          withData,
          employed,
          employmentRate: withData.value !== null && employed.value !== null && withData.value >= k ? employed.value / withData.value : null,
          wageP25: a.wageN >= k ? a.p25 : null,
          wageMedian: a.wageN >= k ? a.median : null,
          wageP75: a.wageN >= k ? a.p75 : null,
          medianWageChange: a.changeN >= k ? a.medianChange : null,
        };
      });
    const earners = (key: string) => {
      const e = people(id(key, 'E'));
      if (e.suppressed) suppressed++;
      return e;
    };
    const rows: OutcomesPeriodRow[] = periods.map((p, i) => ({ ...p, earners: earners(p.key), quarters: quarters(p.key, each[i]) }));
    const response = await this.envelope.buildResponse({
      querySchema: OutcomesSeriesQuery,
      query: f,
      rows,
      totals: { earners: earners('*'), quarters: quarters('*', whole) },
      truncated: false,
      suppressedCells: suppressed,
      methodVersion: methodVersion('outcomes', true),
      notes: [
        "One row per period: the cohort of earners whose first award of a credential falls in the period, followed 1, 2 and 4 quarters after their award (later quarters of recent cohorts have no records yet).",
        'Wages are quarterly earnings in nominal dollars (no deflator loaded), in $250 bins: percentiles are of bin midpoints.',
      ],
    });
    return { ...response, k };
  }
}
