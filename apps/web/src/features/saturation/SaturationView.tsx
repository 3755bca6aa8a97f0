import type { SaturationSkillRow, UnrecognizedRow } from '@credpulse/contracts';
import { BarRanking, ChartFrame, toBarRankingSeries } from '@credpulse/web-charts';
import { useId } from 'react';
import { Figure } from '../../components/Figure';
import { EmptyState, QueryView } from '../../components/QueryState';
import { PeersPanel } from '../peers/PeersPanel';
import { FilterBar } from '../filters/FilterBar';
import { describeScope, toApiParams } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { useMetric } from '../metrics/metrics.api';
import { useRegionName } from '../taxonomy/taxonomy.api';

export function SaturationView() {
  const [filters, setFilters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const view = filters.view === 'unrecognized' ? 'unrecognized' : 'skills';
  const res = useMetric('saturation', { ...toApiParams(filters, ['region', 'from', 'to']), view, limit: 50 });
  const vId = useId();
  return (
    <section aria-labelledby="saturation-h">
      <h1 id="saturation-h">Saturation</h1>
      <p className="lede">How many credentials compete for each skill {scope}, and which credentials people earn that no posting names.</p>
      <FilterBar controls={['region', 'period']}>
        <div className="field">
          <label htmlFor={vId}>Show</label>
          <select id={vId} value={view} onChange={(e) => setFilters({ view: e.target.value === 'skills' ? undefined : e.target.value })}>
            <option value="skills">credentials per skill</option>
            <option value="unrecognized">credentials no posting names</option>
          </select>
        </div>
      </FilterBar>
      <PeersPanel view="saturation" />
      <QueryView query={res} what="saturation">
        {(r) => {
          const figures = (
            <dl className="figures" data-testid="headline-figures">
              <Figure label="Credentials awarded" value={r.totals.credentialsAwarded.toLocaleString('en-US')} testId="fig-awarded" />
              <Figure label="Named by no posting" value={r.totals.unrecognized.toLocaleString('en-US')} testId="fig-unrecognized" />
            </dl>
          );
          if (view === 'skills') {
            const rows = r.rows.filter((x): x is SaturationSkillRow => x.kind === 'skill');
            if (!rows.length) return <EmptyState>No skill has aligned credentials {scope}.</EmptyState>;
            const s = toBarRankingSeries(rows, {
              id: (x) => x.skillId,
              label: (x) => x.name,
              value: (x) => x.credentials,
              valueLabel: 'Credentials aligned',
              categoryLabel: 'Skill',
              limit: 25,
              extra: [
                { key: 'postings', label: 'Postings asking for it', value: (x) => x.postings },
                { key: 'awards', label: 'Awards of those credentials', value: (x) => x.awards },
              ],
            });
            return (
              <>
                {figures}
                <ChartFrame title="Skills taught by the most credentials" table={s.table} k={r.k} truncated={s.truncated || r.truncated} testId="chart-saturation-skills">
                  <BarRanking series={s} k={r.k} label="Bar chart of credentials aligned per skill" color="#E69F00" />
                </ChartFrame>
              </>
            );
          }
          const rows = r.rows.filter((x): x is UnrecognizedRow => x.kind === 'credential');
          if (!rows.length) return <>{figures}<EmptyState>Every credential awarded {scope} is named by at least one posting.</EmptyState></>;
          const s = toBarRankingSeries(rows, {
            id: (x) => String(x.credentialId),
            label: (x) => x.name,
            value: (x) => x.awards,
            valueLabel: 'Awards',
            categoryLabel: 'Credential',
            limit: 25,
          });
          return (
            <>
              {figures}
              <ChartFrame title="Credentials earned that no posting names" table={s.table} k={r.k} truncated={s.truncated || r.truncated} testId="chart-saturation-unrecognized">
                <BarRanking series={s} k={r.k} label="Bar chart of awards of credentials no posting names" color="#E69F00" />
              </ChartFrame>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
