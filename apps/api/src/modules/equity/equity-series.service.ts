import { Inject, Injectable } from '@nestjs/common';
import { EQUITY_DIMENSION_NAMES, type EquityDimensionName, type EquityPeriodRow, type EquitySeriesResponse, type PeopleCount, EquitySeriesQuery } from '@credpulse/contracts';
import { DisclosureTable, methodVersion, share } from '@credpulse/metrics';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { protectSeries, seriesPeriods } from '../analytics/periods/period-series.js';
import { resolveK } from '../outcomes/people-k.js';
import { EquitySeriesRepository } from './equity-series.repository.js';

/**
 * groupBy=period: awards by group in each period. Each period's groups add up to its awards, the
 * periods to the range total, and each group's periods to the group's range count (which the
 * ungrouped answer publishes): disclosure control sees all three, so no hidden cell is a difference
 * of shown ones.
 */
@Injectable()
export class EquitySeriesService {
  constructor(
    private readonly repo: EquitySeriesRepository,
    private readonly envelope: EnvelopeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<EquitySeriesResponse> {
    const k = resolveK(f, this.config.k);
    const dims = f.extra.dimension && f.extra.dimension !== 'all' ? [f.extra.dimension as EquityDimensionName] : [...EQUITY_DIMENSION_NAMES];
    const [counts, data] = await Promise.all([this.repo.counts(f, dims, opts), this.envelope.dataRange()]);
    const periods = seriesPeriods(f, data);
    const t = new DisclosureTable();
    const totals = protectSeries(t, 'awards', f, periods, new Map(counts.filter((c) => c.dimension === '*').map((c) => [c.key, c.n])));
    const groupsOf = (d: EquityDimensionName) => [...new Set(counts.filter((c) => c.dimension === d).map((c) => c.grp))].sort();
    const cellOf = (key: string, d: string, g: string) => `g:${key}|${d}|${g}`;
    for (const d of dims) {
      const groups = groupsOf(d);
      for (const p of periods) {
        const parts = groups.map((g) => t.cell(cellOf(p.key, d, g), counts.find((c) => c.key === p.key && c.dimension === d && c.grp === g)?.n ?? 0));
        if (parts.length) t.sum(totals.cell(p.key), parts);
      }
      // the group's count over the range (published by the ungrouped answer) is the sum of its periods
      for (const g of groups) {
        const parts = periods.map((p) => cellOf(p.key, d, g));
        if (parts.length > 1) t.sum(t.cell(`range|${d}|${g}`, counts.filter((c) => c.dimension === d && c.grp === g).reduce((s, c) => s + c.n, 0)), parts);
      }
    }
    t.apply(k);
    const people = (id: string): PeopleCount => {
      const p = t.get(id);
      return p.suppressed ? { value: null, suppressed: true, reason: p.reason } : { value: p.value, suppressed: false };
    };
    let suppressed = totals.suppressed();
    const rows: EquityPeriodRow[] = periods.map((p) => {
      const awards = people(totals.cell(p.key));
      const groups = dims.flatMap((d) =>
        groupsOf(d).map((g) => {
          const a = people(cellOf(p.key, d, g));
          if (a.suppressed) suppressed++;
          return { dimension: d, group: g, awards: a, awardShare: a.value === null || awards.value === null ? null : share(a.value, awards.value) };
        }),
      );
      return { ...p, awards, groups };
    });
    const response = await this.envelope.buildResponse({
      querySchema: EquitySeriesQuery,
      query: f,
      rows,
      totals: { awards: people(totals.total) },
      truncated: false,
      suppressedCells: suppressed,
      methodVersion: methodVersion('equity', true),
      notes: ["One row per period: awards by group (award date in the period), protected per cell. Population shares are in the ungrouped answer (they do not change by period)."],
    });
    return { ...response, k };
  }
}
