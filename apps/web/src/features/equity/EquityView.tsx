import { BarRanking, ChartFrame, formatPercent, suppressedLabel, toBarRankingSeries } from '@credpulse/web-charts';
import { Figure } from '../../components/Figure';
import { EmptyState, QueryView } from '../../components/QueryState';
import { PeersPanel } from '../peers/PeersPanel';
import { FilterBar } from '../filters/FilterBar';
import { describeScope, toApiParams } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { useMetric } from '../metrics/metrics.api';
import { useRegionName } from '../taxonomy/taxonomy.api';
import { byDimension, DIMENSION_LABEL, groupLabel } from './equity.series';

export function EquityView() {
  const [filters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const res = useMetric('equity', toApiParams(filters, ['region', 'from', 'to', 'credential']));
  return (
    <section aria-labelledby="equity-h">
      <h1 id="equity-h">Equity</h1>
      <p className="lede">Who earns credentials {scope}: each group's share of awards, against its share of the region's population where population is loaded.</p>
      <FilterBar controls={['region', 'period', 'credential']} />
      <PeersPanel view="equity" />
      <QueryView query={res} what="award shares">
        {(r) => {
          if (!r.rows.length) return <EmptyState>No awards {scope}.</EmptyState>;
          const awards = r.totals.awards;
          return (
            <>
              <dl className="figures" data-testid="headline-figures">
                <Figure label="Awards" value={awards.suppressed ? suppressedLabel(r.k) : (awards.value ?? 0).toLocaleString('en-US')} testId="fig-awards" />
              </dl>
              <div className="grid-2">
                {byDimension(r.rows).map((g) => {
                  const s = toBarRankingSeries(g.rows, {
                    id: (x) => x.group,
                    label: groupLabel,
                    value: (x) => (x.awards.suppressed ? x.awards : x.shareOfKnown),
                    valueLabel: 'Share of awards (known values)',
                    categoryLabel: DIMENSION_LABEL[g.dimension],
                    extra: [
                      { key: 'awards', label: 'Awards', value: (x) => x.awards },
                      { key: 'population', label: 'Share of population', value: (x) => x.populationShare },
                      { key: 'representation', label: 'Representation (1 = parity)', value: (x) => x.representation },
                    ],
                  });
                  return (
                    <ChartFrame key={g.dimension} title={`Awards by ${DIMENSION_LABEL[g.dimension].toLowerCase()}`} table={s.table} k={r.k} format={formatPercent} testId={`chart-equity-${g.dimension}`}>
                      <BarRanking series={s} k={r.k} format={formatPercent} label={`Bar chart of award shares by ${DIMENSION_LABEL[g.dimension].toLowerCase()}`} color="#CC79A7" />
                    </ChartFrame>
                  );
                })}
              </div>
              {r.notes?.length ? (
                <ul className="notes small muted">
                  {r.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              ) : null}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
