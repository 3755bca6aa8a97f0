import { Inject, Injectable } from '@nestjs/common';
import { type PathwaysPeriodRow, type PathwaysSeriesResponse, PathwaysSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import { seriesPeriods, splitByPeriod } from '../analytics/periods/period-series.js';
import { resolveK } from '../outcomes/people-k.js';
import { earnersCell, laterCell, pairCells, pathwayRows } from './pathway-cells.js';
import { PathwaysRepository } from './pathways.repository.js';

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
    periods.forEach((p, i) => pairCells(t, `${p.key}|`, each[i]));
    pairCells(t, '*|', whole);
    // a pair's range cells are the sums of its periods' (where the pair has rows)
    for (const x of whole) {
      for (const cell of [earnersCell, laterCell]) {
        const parts = periods.filter((p, i) => each[i].some((y) => cell('', y) === cell('', x))).map((p) => cell(`${p.key}|`, x));
        if (parts.length) t.sum(cell('*|', x), parts);
      }
    }
    t.apply(k);
    let suppressed = 0;
    const rows: PathwaysPeriodRow[] = periods.map((p, i) => {
      const pathways = pathwayRows(t, `${p.key}|`, each[i], k);
      for (const r of pathways) suppressed += Number(r.earnersFrom.suppressed) + Number(r.laterTo.suppressed);
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
