import { Injectable } from '@nestjs/common';
import { type ProgramDemandPeriodRow, type ProgramDemandSeriesResponse, ProgramDemandSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { byPeriod, protectSeries, seriesPeriods } from '../analytics/periods/period-series.js';
import { ProgramDemandSeriesRepository } from './program-demand-series.repository.js';

/**
 * groupBy=period: openings (postings in the programs' SOCs) and awards in the programs per period.
 * Completions per year and the gap need 2+ years and stay with the ungrouped answer.
 */
@Injectable()
export class ProgramDemandSeriesService {
  constructor(
    private readonly repo: ProgramDemandSeriesRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<ProgramDemandSeriesResponse> {
    const src = this.repo.sources(f, opts.raw === true);
    const [openings, awards, data] = await Promise.all([this.repo.openings(f, src.postings), this.repo.awards(f, src.awards), this.envelope.dataRange()]);
    const periods = seriesPeriods(f, data);
    const openingsBy = byPeriod(openings);
    const t = new DisclosureTable();
    const cells = protectSeries(t, 'awards', f, periods, new Map(awards.map((a) => [a.key, a.n])));
    t.apply(this.envelope.k);
    let total = 0;
    const rows: ProgramDemandPeriodRow[] = periods.map((p) => {
      const n = openingsBy.get(p.key)?.n ?? 0;
      total += n;
      const a = t.get(cells.cell(p.key));
      return { ...p, openings: n, awards: { value: a.value, suppressed: a.suppressed } };
    });
    const all = t.get(cells.total);
    return this.envelope.buildResponse({
      querySchema: ProgramDemandSeriesQuery,
      query: f,
      rows,
      totals: { openings: total, awards: { value: all.value, suppressed: all.suppressed } },
      truncated: false,
      suppressedCells: cells.suppressed(),
      methodVersion: methodVersion('programDemand', true),
      notes: [
        "One row per period: openings are unique postings in the programs' SOCs (CIP-SOC crosswalk); awards are micro-credential awards in the programs, protected per period. Completions per year and the gap need 2+ years: see the ungrouped answer.",
        ...(src.postings.rollup ? ['Answered from the monthly rollups.'] : []),
      ],
    });
  }
}
