import { Inject, Injectable } from '@nestjs/common';
import { type PathwayRow, type PathwaysPeriodRow, type PathwaysSeriesResponse, type PeopleCount, PathwaysSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { seriesPeriods, splitByPeriod } from '../analytics/periods/period-series.js';
import { resolveK } from '../outcomes/people-k.js';
import { PathwaysRepository, type PairAggregate } from './pathways.repository.js';

/**
 * groupBy=period: the stacking steps of each period's cohort (earners whose first award of the
 * `from` credential falls in the period). Earners add up over months, so each pair's periods add up
 * to its range figures (the ungrouped answer's): one disclosure table holds them all. The median
 * months between awards needs each period's own distribution: one aggregate query answers every
 * period and the range (perPeriod).
 */
@Injectable()
export class PathwaysSeriesService {
  constructor(
    private readonly repo: PathwaysRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<PathwaysSeriesResponse> {
    const k = resolveK(f, this.config.k);
    const periods = seriesPeriods(f, await this.envelope.dataRange());
    const { whole, each } = splitByPeriod(await this.repo.periodPairs(f, opts.raw === true), periods);

    // per period and over the range: earners of A (E), later earners of B (L), and the derivable rest (N)
    const t = new DisclosureTable();
    const cells = (key: string, pairs: PairAggregate[]) => {
      const seen = new Set<number>();
      for (const x of pairs) {
        if (!seen.has(x.fromId)) t.cell(`${key}|E${x.fromId}`, x.earners);
        seen.add(x.fromId);
        t.sum(`${key}|E${x.fromId}`, [t.cell(`${key}|L${x.fromId}>${x.toId}`, x.later), t.cell(`${key}|N${x.fromId}>${x.toId}`, x.earners - x.later, false)]);
      }
    };
    periods.forEach((p, i) => cells(p.key, each[i]));
    cells('*', whole);
    const has = (key: string, cell: string) => each[periods.findIndex((p) => p.key === key)]?.some((x) => cell === `E${x.fromId}` || cell === `L${x.fromId}>${x.toId}`);
    for (const x of whole) {
      for (const cell of [`E${x.fromId}`, `L${x.fromId}>${x.toId}`]) {
        const parts = periods.filter((p) => has(p.key, cell)).map((p) => `${p.key}|${cell}`);
        if (parts.length) t.sum(`*|${cell}`, parts);
      }
    }
    t.apply(k);
    const people = (id: string): PeopleCount => t.people(id);
    let suppressed = 0;
    const rows: PathwaysPeriodRow[] = periods.map((p, i) => {
      const pathways: PathwayRow[] = each[i].map((x) => {
        const earnersFrom = people(`${p.key}|E${x.fromId}`);
        const laterTo = people(`${p.key}|L${x.fromId}>${x.toId}`);
        suppressed += Number(earnersFrom.suppressed) + Number(laterTo.suppressed);
        return {
          fromCredential: { id: x.fromId, name: x.fromName },
          toCredential: { id: x.toId, name: x.toName },
          earnersFrom,
          laterTo,
          share: earnersFrom.value !== null && laterTo.value !== null && earnersFrom.value > 0 ? laterTo.value / earnersFrom.value : null,
          medianMonths: x.later >= k ? x.medianMonths : null,
        };
      });
      pathways.sort((a, b) => (b.laterTo.value ?? -1) - (a.laterTo.value ?? -1) || a.fromCredential.id - b.fromCredential.id || a.toCredential.id - b.toCredential.id);
      return { ...p, pairs: pathways.length, pathways: limitRows(pathways, f.limit).rows };
    });
    const response = await this.envelope.buildResponse({
      querySchema: PathwaysSeriesQuery,
      query: f,
      rows,
      totals: { pairs: whole.length },
      truncated: rows.some((r) => r.pairs > r.pathways.length),
      suppressedCells: suppressed,
      methodVersion: methodVersion('pathways', true),
      notes: ['One row per period: earners whose first award of the `from` credential falls in the period, and those of them who earned the `to` credential on or after it (at any later date).'],
    });
    return { ...response, k };
  }
}
