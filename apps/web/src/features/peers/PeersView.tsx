import type { PeerArea, PeersResponse } from '@credpulse/contracts';
import { formatNumber, formatPercent, suppressedLabel } from '@credpulse/web-charts';
import { useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryState';
import { SearchPicker } from '../../components/SearchPicker';
import { FilterBar } from '../filters/FilterBar';
import { describeScope } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { searchRegions, useRegionName } from '../taxonomy/taxonomy.api';
import { peerList, peerParam, usePeers } from './peers.api';

/** A region beside its peers (picked, or suggested by industry mix and size) and the nation scaled to its size. */
export function PeersView() {
  const [filters] = useFilters();
  const [search, setSearch] = useSearchParams();
  const peers = peerList(search.get('peers'));
  const setPeers = (codes: string[]) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      const v = peerParam(codes);
      if (v) next.set('peers', v);
      else next.delete('peers');
      return next;
    });
  const regionName = useRegionName(filters.region);
  const q = usePeers({ region: filters.region, from: filters.from, to: filters.to, peers: peerParam(peers) });
  return (
    <section aria-labelledby="peers-h">
      <h1 id="peers-h">Peers</h1>
      <p className="lede">Your region beside its peers and beside the nation scaled to its size {describeScope(filters, regionName)}.</p>
      <FilterBar controls={['region', 'period']}>
        <SearchPicker label="Add a peer" queryKey="peer" placeholder="State, metro area or region" search={(s) => searchRegions(s)} onChange={(v) => v && !peers.includes(v) && setPeers([...peers, v])} />
        {peers.length ? (
          <button type="button" onClick={() => setPeers([])}>
            Suggest peers instead
          </button>
        ) : null}
      </FilterBar>
      {!filters.region || filters.region === 'us' ? (
        <p role="status">Choose a region (a state, metro area, county or your own region) to see its peers.</p>
      ) : (
        <QueryView query={q} what="the peers" height={240}>
          {(res) => <PeersTable res={res} onRemove={(code) => setPeers(res.query.peers.filter((p) => p !== code))} />}
        </QueryView>
      )}
    </section>
  );
}

function awardsText(a: PeerArea, k: number): string {
  return a.awardsSuppressed || a.awards === null ? suppressedLabel(k) : formatNumber(a.awards);
}

function PeersTable({ res, onRemove }: { res: PeersResponse; onRemove: (code: string) => void }) {
  return (
    <>
      <figure className="chart" data-testid="peers-table">
        <h2 className="chart-title">{res.suggested ? 'Suggested peers (most similar by industry mix and size)' : 'Peers you picked'}</h2>
        <p className="chart-desc">
          {res.query.from} to {res.query.to}. Awards count people: below k = {res.k} they are hidden.
        </p>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col">Unique postings</th>
                <th scope="col">Awards</th>
                <th scope="col">Awards per 1,000 postings</th>
                <th scope="col">Similarity</th>
                <th scope="col">Industry mix distance</th>
                <th scope="col">Size distance</th>
              </tr>
            </thead>
            <tbody>
              {res.areas.map((a) => (
                <tr key={`${a.role}-${a.code}`} data-role={a.role} data-code={a.code}>
                  <th scope="row">
                    {a.name}
                    {a.role === 'region' ? ' (your region)' : ''}
                    {a.role === 'peer' && !res.suggested ? (
                      <button type="button" className="link-button" aria-label={`Remove peer ${a.name}`} onClick={() => onRemove(a.code)}>
                        ×
                      </button>
                    ) : null}
                  </th>
                  <td className="num">{formatNumber(a.postings)}</td>
                  <td className="num">{awardsText(a, res.k)}</td>
                  <td className="num">{a.awardsPerThousandPostings === null ? '—' : a.awardsPerThousandPostings.toFixed(1)}</td>
                  <td className="num">{a.similarity === null ? '—' : formatPercent(a.similarity)}</td>
                  <td className="num">{a.mixDistance === null ? '—' : a.mixDistance.toFixed(3)}</td>
                  <td className="num">{a.sizeDistance === null ? '—' : a.sizeDistance.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
      <figure className="chart" data-testid="peers-sectors">
        <h2 className="chart-title">Industry mix: share of unique postings and location quotient (LQ) by sector</h2>
        <p className="chart-desc">LQ above 1.2 reads as concentrated against the nation. The last column is the nation scaled to your region's postings.</p>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Sector</th>
                {res.areas.map((a) => (
                  <th scope="col" key={`${a.role}-${a.code}`}>
                    {a.role === 'nation-scaled' ? 'Nation, scaled' : a.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {res.sectors.map((s, i) => (
                <tr key={s.naics2}>
                  <th scope="row">
                    {s.naics2} {s.title}
                  </th>
                  {res.areas.map((a) => {
                    const c = a.sectors[i];
                    return (
                      <td className="num" key={`${a.role}-${a.code}`}>
                        {a.role === 'nation-scaled' ? formatNumber(c.count) : `${c.share === null ? '—' : formatPercent(c.share)} (LQ ${c.lq === null ? '—' : c.lq.toFixed(2)})`}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="chart-notes">
          {res.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </figure>
    </>
  );
}
