import { Injectable } from '@nestjs/common';
import { type SkillGapPeriodRow, type SkillGapSeriesResponse, SkillGapSeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion, supplyDemand } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { byPeriod, protectSeries, seriesPeriods } from '../analytics/periods/period-series.js';
import { SkillGapSeriesRepository } from './skill-gap-series.repository.js';

/**
 * groupBy=period: demand (postings) and supply (awards, people) of the filtered skill per period.
 * Supply is protected per period, with the range total the periods add up to.
 */
@Injectable()
export class SkillGapSeriesService {
  constructor(
    private readonly repo: SkillGapSeriesRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<SkillGapSeriesResponse> {
    const src = this.repo.sources(f, opts.raw === true);
    const [demand, supply, aligned, data] = await Promise.all([this.repo.demand(f, src.postings), this.repo.supply(f, src.awards), this.repo.aligned(f.skill), this.envelope.dataRange()]);
    const periods = seriesPeriods(f, data);
    const demandBy = byPeriod(demand);
    const t = new DisclosureTable();
    const cells = protectSeries(t, 'supply', f, periods, new Map(supply.map((s) => [s.key, s.n])));
    t.apply(this.envelope.k);
    let totalDemand = 0;
    const rows: SkillGapPeriodRow[] = periods.map((p) => {
      const d = demandBy.get(p.key)?.n ?? 0;
      totalDemand += d;
      const s = t.get(cells.cell(p.key));
      const sd = s.value === null ? null : supplyDemand(s.value, d, { aligned });
      return { ...p, demand: d, supply: { value: s.value, suppressed: s.suppressed }, ratio: sd?.ratio ?? null, bucket: aligned ? (sd?.bucket ?? null) : 'no_credential_aligned', aligned };
    });
    const totalSupply = t.value(cells.total);
    const sd = totalSupply === null ? null : supplyDemand(totalSupply, totalDemand, { aligned });
    return this.envelope.buildResponse({
      querySchema: SkillGapSeriesQuery,
      query: f,
      rows,
      totals: { demand: totalDemand, supply: totalSupply, ratio: sd?.ratio ?? null },
      truncated: false,
      suppressedCells: cells.suppressed(),
      methodVersion: methodVersion('skillGap', true),
      notes: [
        'One row per period. Demand: postings naming the skill (without a skill filter, each skill a posting names counts). Supply: awards of credentials aligned to it (to any skill without a filter), protected per period.',
        ...(src.postings.rollup ? ['Answered from the monthly rollups.'] : []),
      ],
    });
  }
}
