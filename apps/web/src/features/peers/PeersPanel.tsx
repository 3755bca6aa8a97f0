import type { DashboardView, PeersResponse } from '@credpulse/contracts';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryState';
import { getJson } from '../../lib/http';
import { useFilters } from '../filters/useFilters';
import { indexText, measureText, panelParams } from './peer-measure.series';

/**
 * "Beside peers and nation": the view's headline measure for the region, its peers (the URL's
 * `peers`, or the five suggested) and the nation scaled to the region's size, from one request
 * (GET /api/peers?view=...). Shown only when a region other than the nation is chosen.
 */
export function PeersPanel({ view }: { view: DashboardView }) {
  const [filters] = useFilters();
  const [search] = useSearchParams();
  const params = panelParams(filters, search.get('peers'), view);
  const q = useQuery({
    queryKey: ['peers', params],
    enabled: params !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => getJson<PeersResponse>('/api/peers', params ?? {}, signal),
  });
  if (!params) return null;
  const link = new URLSearchParams(Object.entries(params).filter(([k]) => k !== 'view'));
  return (
    <section className="peers-panel" aria-labelledby={`peers-panel-${view}`} data-testid="peers-panel">
      <QueryView query={q} what="the comparison with peers" height={80}>
        {(res) => {
          const m = res.measure;
          if (!m) return null;
          return (
            <>
              <h2 className="chart-title" id={`peers-panel-${view}`}>
                Beside peers and nation: {m.label.charAt(0).toLowerCase() + m.label.slice(1)}
              </h2>
              <div className="table-scroll">
                <table className="data-table compact" data-unit={m.unit} data-kind={m.kind}>
                  <thead>
                    <tr>
                      <th scope="col">Area</th>
                      <th scope="col">{m.label}</th>
                      <th scope="col">{m.kind === 'count' ? 'LQ (per posting, nation = 1)' : 'Against the nation (= 1)'}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.rows.map((r) => (
                      <tr key={`${r.role}-${r.code}`} data-role={r.role} data-code={r.code}>
                        <th scope="row">
                          {r.name}
                          {r.role === 'region' ? ' (your region)' : ''}
                        </th>
                        <td className="num" data-value={r.value ?? ''} data-suppressed={String(r.suppressed)}>
                          {measureText(m, r, res.k)}
                        </td>
                        <td className="num" data-index={r.index ?? ''}>
                          {indexText(r.index)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted small">
                {res.suggested ? 'Peers suggested by industry mix and size' : 'Peers you picked'}; region and period filters only.{' '}
                {m.kind === 'count' ? "The nation is scaled to the region's share of national postings." : 'A rate or median is compared with the national one as it is.'}
                {m.people ? ` Counts of people below k = ${res.k} are hidden.` : ''} <Link to={`/peers?${link}`}>Pick peers and see the industry mix</Link>
              </p>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
