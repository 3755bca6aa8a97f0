import type { PostingsResponse, PostingsRow } from '@credpulse/contracts';
import { ChartFrame, Choropleth, formatDollars, formatNumber, LineTrend, Sparkline, toChoroplethSeries, toLineTrendSeries, toSparklineSeries, useAreaNames } from '@credpulse/web-charts';
import { useId, useState } from 'react';
import { Figure } from '../../components/Figure';
import { EmptyState, QueryView } from '../../components/QueryState';
import { PeersPanel } from '../peers/PeersPanel';
import { FilterBar } from '../filters/FilterBar';
import { describeScope, toApiParams } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { FindingsList } from '../findings/FindingsList';
import { useFindings } from '../findings/findings.api';
import { useMetric } from '../metrics/metrics.api';
import { useRegionName } from '../taxonomy/taxonomy.api';
import { knownAreas, regionForFips } from './overview.series';

export function OverviewView() {
  const [filters, setFilters] = useFilters();
  const regionName = useRegionName(filters.region);
  const scope = describeScope(filters, regionName);
  const base = toApiParams(filters, ['region', 'from', 'to', 'naics', 'soc']);
  const trend = useMetric('postings', { ...base, groupBy: 'month', granularity: filters.granularity });
  const findings = useFindings(toApiParams(filters, ['region', 'from', 'to']));
  return (
    <section aria-labelledby="overview-h">
      <h1 id="overview-h">Overview</h1>
      <p className="lede">Job postings {scope}.</p>
      <FilterBar controls={['region', 'period', 'granularity', 'naics']} />
      <PeersPanel view="overview" />
      <section aria-labelledby="findings-h">
        <h2 id="findings-h">Key findings</h2>
        <QueryView query={findings} what="the key findings" height={120}>
          {(f) => (
            <>
              <p className="muted small">
                {f.regionName}, {f.from} to {f.to}
                {f.halves ? ` (changes: ${f.halves.later.from}–${f.halves.later.to} against ${f.halves.earlier.from}–${f.halves.earlier.to})` : ''}. Rules: methodology, "Key findings"; the industry filter does not apply to them.
              </p>
              <FindingsList findings={f.findings} omitted={f.omitted} />
            </>
          )}
        </QueryView>
      </section>
      <QueryView query={trend} what="the postings trend" height={120}>
        {(res) => {
          const r = res;
          if (r.totals.total === 0) return <EmptyState>No postings {scope}. Try a wider period or a larger region.</EmptyState>;
          const spark = (pick: (row: PostingsRow) => number | null | undefined) => toSparklineSeries(r.rows, (x) => x.key, (x) => pick(x) ?? null, (x) => x.partial === true);
          const uniq = spark((x) => x.unique);
          return (
            <>
              <dl className="figures" data-testid="headline-figures">
                <Figure label="Unique postings" value={formatNumber(r.totals.unique)} testId="fig-unique">
                  <Sparkline series={uniq} label={`Unique postings per ${r.query.granularity ?? 'month'}, ${trendWord(uniq.direction)}`} />
                </Figure>
                <Figure label="Total postings (incl. reposts)" value={formatNumber(r.totals.total)} testId="fig-total">
                  <Sparkline series={spark((x) => x.total)} label="Total postings trend" />
                </Figure>
                <Figure label="Active in the last month" value={formatNumber(r.totals.activeLastMonth)} testId="fig-active">
                  <Sparkline series={spark((x) => x.active)} label="Active postings trend" />
                </Figure>
                <Figure label="Median advertised salary" value={r.totals.medianAnnualWage === null ? 'no data' : formatDollars(r.totals.medianAnnualWage)} testId="fig-wage">
                  <span className="muted small">{formatNumber(r.totals.postingsWithWage)} postings state a salary</span>
                </Figure>
                <Figure label="Median days open" value={r.totals.medianDurationDays === null ? 'no data' : formatNumber(r.totals.medianDurationDays)} testId="fig-duration">
                  <span className="muted small">75th percentile {r.totals.p75DurationDays === null ? 'no data' : formatNumber(r.totals.p75DurationDays)} days</span>
                </Figure>
              </dl>
              <PostingsTrend res={r} />
            </>
          );
        }}
      </QueryView>
      <PostingsMap base={base} scope={scope} onPick={(fips) => setFilters({ region: regionForFips(fips) })} />
    </section>
  );
}

function trendWord(d: string): string {
  return d === 'up' ? 'rising' : d === 'down' ? 'falling' : d === 'flat' ? 'flat' : 'trend unknown';
}

function PostingsTrend({ res }: { res: PostingsResponse }) {
  const s = toLineTrendSeries(res.rows, (r) => r.key, [
    { key: 'unique', label: 'Unique postings', value: (r) => r.unique },
    { key: 'new', label: 'New postings', value: (r) => r.new ?? null },
    { key: 'active', label: 'Active postings', value: (r) => r.active ?? null },
  ], 'Period', (r) => ({ partial: r.partial === true, months: r.months, monthsInPeriod: r.monthsInPeriod }));
  return (
    <ChartFrame title="Postings over time" description="Unique postings are deduplicated reposts (same employer, title and place within 60 days)." table={s.table} k={res.k} testId="chart-postings-trend">
      <LineTrend series={s} label="Line chart of unique, new and active postings by period" k={res.k} />
    </ChartFrame>
  );
}

function PostingsMap({ base, scope, onPick }: { base: Record<string, string>; scope: string; onPick: (fips: string) => void }) {
  const [level, setLevel] = useState<'state' | 'county'>('state');
  const id = useId();
  const map = useMetric('postings', { ...base, region: level === 'state' ? undefined : base.region, groupBy: level, limit: 1000 });
  const names = useAreaNames(level);
  return (
    <div className="map-section">
      <div className="field inline">
        <label htmlFor={id}>Map by</label>
        <select id={id} value={level} onChange={(e) => setLevel(e.target.value as 'state' | 'county')}>
          <option value="state">state</option>
          <option value="county">county</option>
        </select>
      </div>
      <QueryView query={map} what="the postings map" height={400}>
        {(res) => {
          const rows = knownAreas(res.rows);
          if (!rows.length) return <EmptyState>No postings with a known location {scope}.</EmptyState>;
          const s = toChoroplethSeries(rows, {
            fips: (r) => r.key,
            name: (r) => names?.get(r.key) ?? r.key,
            value: (r) => r.unique,
            areaLabel: level === 'state' ? 'State' : 'County',
            valueLabel: 'Unique postings',
          });
          return (
            <ChartFrame title={`Unique postings by ${level}`} description="Click an area to make it the region filter." table={s.table} k={res.k} truncated={res.truncated} testId="chart-postings-map">
              <Choropleth series={s} level={level} label={`Map of unique postings by ${level}`} k={res.k} onSelect={onPick} />
            </ChartFrame>
          );
        }}
      </QueryView>
    </div>
  );
}
