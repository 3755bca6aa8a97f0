import { Injectable } from '@nestjs/common';
import { GROUP_BY, type PostingsPeriodRow, type PostingsResponse, type PostingsRow, type PostingsSeriesResponse, type PostingsTotals, PostingsQuery, PostingsSeriesQuery } from '@credpulse/contracts';
import { histPercentile, methodVersion } from '@credpulse/metrics';
import { EnvelopeService } from '../analytics/envelope.service.js';
import type { FilterSpec, ParsedFilters } from '../analytics/filters/parsed-filters.js';
import { limitRows } from '../analytics/filters/sql-builder.js';
import type { DataRange } from '../analytics/periods/period-coverage.js';
import { seriesPeriods } from '../analytics/periods/period-series.js';
import { PostingsRepository, type MonthCounts } from './postings.repository.js';

export const POSTINGS_METHOD = methodVersion('postings');

export const POSTINGS_SPEC: FilterSpec = {
  accept: ['from', 'to', 'region', 'naics', 'soc', 'groupBy', 'granularity', 'limit'],
  groupBy: GROUP_BY.postings,
  defaultGroupBy: 'month',
  trendGranularity: true,
  // socSource=given leaves out postings whose SOC the title coder assigned (docs/methodology.md)
  extra: { socSource: { values: ['any', 'given'], describe: 'any (default) or given: leave out SOC codes assigned from the title' } },
};

@Injectable()
export class PostingsService {
  constructor(
    private readonly repo: PostingsRepository,
    private readonly envelope: EnvelopeService,
  ) {}

  /** `raw`: ignore the rollups (the integration test checks both paths agree). */
  async compute(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<PostingsResponse> {
    const groupBy = f.groupBy ?? 'month';
    const raw = opts.raw === true || !this.repo.usesRollup(f, groupBy);
    const [{ monthly, totals }, data] = await Promise.all([this.totals(f, raw), this.envelope.dataRange()]);
    let rows: PostingsRow[];
    if (groupBy === 'month') {
      // the month trend's rows predate the period fields from/to (PostingsRow)
      rows = trend(monthly, f, data).map(({ from: _from, to: _to, ...r }) => r);
    } else {
      const groups = await this.repo.grouped(f, groupBy, raw);
      rows = groups
        .filter((g) => g.total > 0)
        .map((g) => ({ key: String(g.key).trim(), unique: g.unique, total: g.total, intensity: ratio(g.total, g.unique) }))
        .sort((a, b) => b.unique - a.unique || b.total - a.total || a.key.localeCompare(b.key));
    }
    const cut = limitRows(rows, f.limit);
    return this.envelope.buildResponse({
      querySchema: PostingsQuery,
      query: f,
      rows: cut.rows,
      totals,
      truncated: cut.truncated,
      suppressedCells: 0,
      methodVersion: POSTINGS_METHOD,
      notes: raw ? undefined : ['Answered from the monthly rollups.'],
    });
  }

  /** groupBy=period: one row per month, quarter or year, from the same monthly counts (no per-period queries). */
  async series(f: ParsedFilters, opts: { raw?: boolean } = {}): Promise<PostingsSeriesResponse> {
    const raw = opts.raw === true || !this.repo.usesRollup(f, 'month');
    const [{ monthly, totals }, data] = await Promise.all([this.totals(f, raw), this.envelope.dataRange()]);
    const rows = trend(monthly, f, data);
    return this.envelope.buildResponse({
      querySchema: PostingsSeriesQuery,
      query: f,
      rows,
      totals,
      truncated: false,
      suppressedCells: 0,
      methodVersion: POSTINGS_METHOD,
      notes: raw ? undefined : ['Answered from the monthly rollups.'],
    });
  }

  private async totals(f: ParsedFilters, raw: boolean): Promise<{ monthly: MonthCounts[]; totals: PostingsTotals }> {
    const [monthly, { wage, duration }] = await Promise.all([this.repo.monthly(f, raw), this.repo.histograms(f, ['wage', 'duration'] as const, raw)]);
    const inRange = monthly.filter((m) => m.month >= f.from && m.month <= f.to);
    const unique = sum(inRange, 'unique');
    const total = sum(inRange, 'total');
    return {
      monthly,
      totals: {
        unique,
        total,
        intensity: ratio(total, unique),
        activeLastMonth: activeIn(monthly, f.to, f.to),
        medianDurationDays: histPercentile(duration, 0.5),
        p75DurationDays: histPercentile(duration, 0.75),
        medianAnnualWage: binMid(histPercentile(wage, 0.5)),
        postingsWithWage: wage.reduce((s, b) => s + b.n, 0),
      },
    };
  }
}

// Periods of the range at the requested granularity (analytics/periods), each with new, unique,
// total and active. A period the data covers only in part (cut by the range, beyond the data, the
// month in progress) is marked partial with its months, so charts draw it apart instead of as a drop.
function trend(monthly: MonthCounts[], f: ParsedFilters, data: DataRange): PostingsPeriodRow[] {
  return seriesPeriods(f, data).map((p) => {
    const part = monthly.filter((x) => x.month >= p.from && x.month <= p.to);
    const unique = sum(part, 'unique');
    const total = sum(part, 'total');
    return { key: p.key, from: p.from, to: p.to, unique, total, intensity: ratio(total, unique), new: unique, active: activeIn(monthly, p.from, p.to), partial: p.partial, months: p.months, monthsInPeriod: p.monthsInPeriod };
  });
}

// Active at any time in [first, last]: started by the end of `last`, not ended before `first`.
function activeIn(monthly: MonthCounts[], first: string, last: string): number {
  let started = 0;
  let ended = 0;
  for (const x of monthly) {
    if (x.month <= last) started += x.unique;
    if (x.month < first) ended += x.ended;
  }
  return started - ended;
}

function sum<T>(xs: T[], k: keyof T): number {
  return xs.reduce((s, x) => s + Number(x[k]), 0);
}
function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10000) / 10000 : null;
}
function binMid(bin: number | null): number | null {
  return bin === null ? null : bin * 1000 + 500;
}
