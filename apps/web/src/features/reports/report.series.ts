import type { RegionReport, ReportCount, ReportOutcomeRow, ReportTrend } from '@credpulse/contracts';
import { toBarRankingSeries, toLineTrendSeries, type BarRankingSeries, type LineTrendSeries } from '@credpulse/web-charts';

/** Formats a people count for print: hidden cells say so, never 0. */
export function peopleText(c: ReportCount): string {
  if (c.suppressed) return 'suppressed';
  return c.value === null ? 'n/a' : c.value.toLocaleString('en-US');
}

export const pctText = (n: number | null): string => (n === null ? 'n/a' : `${(n * 100).toFixed(1)}%`);
export const usdText = (n: number | null): string => (n === null ? 'n/a' : `$${Math.round(n).toLocaleString('en-US')}`);

export function topSkillsSeries(r: RegionReport): BarRankingSeries {
  return toBarRankingSeries(r.topSkills, { id: (s) => s.key, label: (s) => s.label, value: (s) => s.demand, valueLabel: 'Postings naming the skill', categoryLabel: 'Skill' });
}

/** Largest gaps as postings in excess of awards; a suppressed supply keeps its row, unranked. */
export function gapSeries(r: RegionReport): BarRankingSeries {
  return toBarRankingSeries(r.largestGaps, {
    id: (g) => g.key,
    label: (g) => g.label,
    value: (g) => (g.supply.suppressed ? { value: null, suppressed: true } : Math.max(0, g.demand - (g.supply.value ?? 0))),
    valueLabel: 'Postings minus awards',
    categoryLabel: 'Skill',
    extra: [
      { key: 'demand', label: 'Postings', value: (g) => g.demand },
      { key: 'supply', label: 'Awards', value: (g) => g.supply },
      { key: 'ratio', label: 'Supply / demand', value: (g) => g.ratio },
    ],
  });
}

/** Demanded skills no catalogued credential teaches (listed apart from the gaps). */
export function notAlignedSeries(r: RegionReport): BarRankingSeries {
  return toBarRankingSeries(r.notAligned ?? [], { id: (s) => s.key, label: (s) => s.label, value: (s) => s.demand, valueLabel: 'Postings naming the skill', categoryLabel: 'Skill' });
}

export function industryCredentialSeries(ind: RegionReport['credentialsByIndustry'][number]): BarRankingSeries {
  return toBarRankingSeries(ind.credentials, {
    id: (c) => c.key,
    label: (c) => c.label,
    value: (c) => c.naming,
    valueLabel: 'Postings naming it',
    categoryLabel: 'Credential',
    extra: [{ key: 'rate', label: 'Recognition rate', value: (c) => (c.rate === null ? null : Math.round(c.rate * 1000) / 10) }],
  });
}

export function outcomeCells(o: ReportOutcomeRow): [string, string, string, string] {
  return [o.label, peopleText(o.earners), pctText(o.employmentRateQ2), usdText(o.wageMedianQ2)];
}

/** A report trend as line data: region and nation, partial quarters on the dashed companion line. */
export function trendSeries(t: ReportTrend): LineTrendSeries {
  return toLineTrendSeries(
    t.points,
    (p) => p.period,
    [
      { key: 'region', label: 'Region', value: (p) => p.region },
      { key: 'nation', label: 'Nation', value: (p) => p.nation },
    ],
    'Quarter',
    (p) => ({ partial: p.partial, months: p.months, monthsInPeriod: p.monthsInPeriod }),
  );
}
