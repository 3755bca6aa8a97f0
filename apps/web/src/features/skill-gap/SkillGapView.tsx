import type { SkillGapRow } from '@credpulse/contracts';
import { BarRanking, ChartFrame, GapBars, LineTrend, toBarRankingSeries, toGapSeries, toLineTrendSeries } from '@credpulse/web-charts';
import { EmptyState, QueryView } from '../../components/QueryState';
import { PeersPanel } from '../peers/PeersPanel';
import { FilterBar } from '../filters/FilterBar';
import { describeScope, toApiParams } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { useMetric } from '../metrics/metrics.api';
import { useRegionName } from '../taxonomy/taxonomy.api';
import { notAligned, rankable, shortfall } from './skill-gap.series';

const gapOptions = (categoryLabel: string) => ({
  id: (r: SkillGapRow) => r.key,
  label: (r: SkillGapRow) => r.label,
  demand: (r: SkillGapRow) => r.demand,
  supply: (r: SkillGapRow) => r.supply,
  ratio: (r: SkillGapRow) => r.ratio,
  bucket: (r: SkillGapRow) => r.bucket,
  categoryLabel,
});

export function SkillGapView() {
  const [filters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const base = toApiParams(filters, ['region', 'from', 'to', 'naics']);
  const bySkill = useMetric('skill-gap', { ...base, skill: filters.skill, groupBy: 'skill', limit: 200 });
  const byMonth = useMetric('skill-gap', { ...base, skill: filters.skill, groupBy: 'month' });
  const byIndustry = useMetric('skill-gap', { ...base, skill: filters.skill, groupBy: 'naics2', limit: 30 });
  return (
    <section aria-labelledby="skill-gap-h">
      <h1 id="skill-gap-h">Skill gaps</h1>
      <p className="lede">Demand (postings asking for a skill) against supply (awards of credentials aligned to it) {scope}. Ratio = supply / demand.</p>
      <FilterBar controls={['region', 'period', 'naics', 'skill']} />
      <PeersPanel view="skill-gaps" />
      <div className="grid-2">
        <QueryView query={bySkill} what="supply and demand by skill">
          {(res) => {
            const rows = rankable(res.rows);
            if (!rows.length) return <EmptyState>No postings ask for a skill that a catalogued credential teaches {scope}.</EmptyState>;
            const s = toGapSeries(rows, { ...gapOptions('Skill'), limit: 20 });
            return (
              <ChartFrame title="Most undersupplied skills" description="Supply minus demand, lowest ratio first; colour shows the supply-demand bucket." table={s.table} k={res.k} truncated={res.truncated} testId="chart-gap-skills">
                <GapBars series={s} k={res.k} label="Diverging bars of supply minus demand for the most undersupplied skills" />
              </ChartFrame>
            );
          }}
        </QueryView>
        <QueryView query={bySkill} what="the largest gaps">
          {(res) => {
            const rows = rankable(res.rows).filter((r) => (shortfall(r) ?? 0) > 0);
            if (!rows.length) return <EmptyState>No skill has more postings than awards {scope}.</EmptyState>;
            const s = toBarRankingSeries(rows, {
              id: (r) => r.key,
              label: (r) => r.label,
              value: shortfall,
              valueLabel: 'Postings minus awards',
              categoryLabel: 'Skill',
              limit: 15,
              extra: [
                { key: 'demand', label: 'Demand (postings)', value: (r) => r.demand },
                { key: 'supply', label: 'Supply (awards)', value: (r) => r.supply },
                { key: 'ratio', label: 'Supply / demand', value: (r) => r.ratio },
              ],
            });
            return (
              <ChartFrame title="Largest gaps in absolute terms" description="Postings asking for the skill minus awards of credentials that teach it." table={s.table} k={res.k} truncated={s.truncated} testId="chart-gap-largest">
                <BarRanking series={s} k={res.k} label="Bar chart of the skills with the most postings in excess of awards" color="#D55E00" />
              </ChartFrame>
            );
          }}
        </QueryView>
      </div>
      <QueryView query={bySkill} what="skills no credential teaches">
        {(res) => {
          const rows = notAligned(res.rows);
          if (!rows.length) return null;
          const s = toBarRankingSeries(rows, {
            id: (r) => r.key,
            label: (r) => r.label,
            value: (r) => r.demand,
            valueLabel: 'Demand (postings)',
            categoryLabel: 'Skill',
            limit: 15,
          });
          return (
            <ChartFrame
              title="In demand, no credential aligned"
              description="No catalogued credential teaches these skills, so there is no supply to compare: they are not ranked as gaps. A credential that covers them would be new supply."
              table={s.table}
              k={res.k}
              truncated={s.truncated}
              testId="chart-gap-not-aligned"
            >
              <BarRanking series={s} k={res.k} label="Bar chart of demanded skills that no catalogued credential teaches" color="#8c8c8c" />
            </ChartFrame>
          );
        }}
      </QueryView>
      <QueryView query={byMonth} what="the ratio trend">
        {(res) => {
          if (!res.rows.some((r) => r.demand > 0)) return <EmptyState>No demand {scope} to show a trend.</EmptyState>;
          const s = toLineTrendSeries(
            res.rows,
            (r) => r.key,
            [
              { key: 'ratio', label: 'Supply / demand', value: (r) => (r.supply.suppressed ? r.supply : r.ratio) },
              { key: 'demand', label: 'Demand (postings)', value: (r) => r.demand, tableOnly: true },
              { key: 'supply', label: 'Supply (awards)', value: (r) => r.supply, tableOnly: true },
            ],
            'Month',
            (r) => ({ partial: r.partial === true, months: r.partial ? 0 : 1, monthsInPeriod: 1 }),
          );
          return (
            <ChartFrame title="Supply-demand ratio by month" description="Below 0.8 is undersupplied, above 1.25 oversupplied." table={s.table} k={res.k} testId="chart-gap-trend">
              <LineTrend series={s} k={res.k} format={(n) => n.toFixed(2)} label="Line chart of the supply-demand ratio by month" />
            </ChartFrame>
          );
        }}
      </QueryView>
      <QueryView query={byIndustry} what="gaps by industry">
        {(res) => {
          const rows = rankable(res.rows).filter((r) => r.key !== '--');
          if (!rows.length) return <EmptyState>No demand with a known industry {scope}.</EmptyState>;
          const s = toGapSeries(rows, gapOptions('Industry (NAICS sector)'));
          return (
            <ChartFrame title="Supply against demand by industry" description="Supply counts credentials aligned to each sector's skills; sectors overlap." table={s.table} k={res.k} truncated={res.truncated} testId="chart-gap-industry">
              <GapBars series={s} k={res.k} label="Diverging bars of supply minus demand by industry sector" />
            </ChartFrame>
          );
        }}
      </QueryView>
    </section>
  );
}
