import { BarRanking, ChartFrame, formatPercent, LineTrend, StackedLevels, toBarRankingSeries, toLineTrendSeries, toStackedLevelsSeries } from '@credpulse/web-charts';
import { Figure, pct } from '../../components/Figure';
import { EmptyState, QueryView } from '../../components/QueryState';
import { PeersPanel } from '../peers/PeersPanel';
import { FilterBar } from '../filters/FilterBar';
import { describeScope, monthsBetween, toApiParams } from '../filters/filters';
import { useFilters } from '../filters/useFilters';
import { useMetric, useMetricSeries } from '../metrics/metrics.api';
import { useRegionName } from '../taxonomy/taxonomy.api';
import { anyRow, credentialRows, drillDown, industryRows, levelFor, naicsTrail } from './recognition.series';

const LEVEL_NAME = { naics2: 'sector', naics3: '3-digit subsector', naics4: '4-digit industry group' } as const;

export function RecognitionView() {
  const [filters, setFilters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const base = toApiParams(filters, ['region', 'from', 'to']);
  const level = levelFor(filters.naics);
  const byIndustry = useMetric('recognition', { ...base, naics: filters.naics, groupBy: level, limit: 40 });
  const byCredential = useMetric('recognition', { ...base, naics: filters.naics, groupBy: 'credential', limit: 25 });
  return (
    <section aria-labelledby="recognition-h">
      <h1 id="recognition-h">Employer recognition</h1>
      <p className="lede">How often job postings {scope} name micro-credentials, by industry and level (required, preferred, or accepted in lieu of a degree).</p>
      <FilterBar controls={['region', 'period']} />
      <PeersPanel view="recognition" />
      <QueryView query={byCredential} what="recognition figures" height={100}>
        {(res) => {
          const r = res;
          const any = anyRow(r.rows);
          if (r.totals.postings === 0) return <EmptyState>No postings {scope}{filters.naics ? ` in NAICS ${filters.naics}` : ''}. Try a wider period or a larger region.</EmptyState>;
          return (
            <dl className="figures" data-testid="headline-figures">
              <Figure label="Postings naming any micro-credential" value={pct(any?.rates.any)} testId="fig-any-rate">
                <span className="muted small">
                  required {pct(any?.rates.required)} · preferred {pct(any?.rates.preferred)} · in lieu {pct(any?.rates.in_lieu)}
                </span>
              </Figure>
              <Figure label="Require a bachelor's or higher" value={pct(r.totals.degreeRequirementShare)} testId="fig-degree" />
              <Figure label="Skills-first (no degree or in-lieu clause)" value={pct(r.totals.skillsFirstShare)} testId="fig-skills-first" />
              <Figure label="Postings" value={r.totals.postings.toLocaleString('en-US')} testId="fig-postings" />
            </dl>
          );
        }}
      </QueryView>
      <nav className="breadcrumbs" aria-label="Industry drill-down">
        <span>Industry:</span>
        <button type="button" className="link-button small" onClick={() => setFilters({ naics: undefined })} aria-current={!filters.naics ? 'true' : undefined}>
          All sectors
        </button>
        {naicsTrail(filters.naics).map((c) => (
          <span key={c}>
            ›{' '}
            <button type="button" className="link-button small" onClick={() => setFilters({ naics: c })} aria-current={c === filters.naics ? 'true' : undefined}>
              {c}
            </button>
          </span>
        ))}
      </nav>
      <div className="grid-2">
        <QueryView query={byIndustry} what="recognition by industry">
          {(res) => {
            const rows = industryRows(res.rows);
            if (!rows.length) return <EmptyState>No postings with a known industry {scope}{filters.naics ? ` in NAICS ${filters.naics}` : ''}.</EmptyState>;
            const s = toStackedLevelsSeries(rows, { id: (x) => x.key, label: (x) => (x.label && x.label !== x.key ? `${x.key} ${x.label}` : x.key), level: (x, l) => x.rates[l], categoryLabel: `Industry (${LEVEL_NAME[level]})` });
            const canDrill = level !== 'naics4';
            return (
              <ChartFrame
                title={`Share of postings naming a micro-credential, by ${LEVEL_NAME[level]}`}
                description={canDrill ? 'Split by level. Click a bar to drill into its industries.' : 'Split by level.'}
                table={s.table}
                k={res.k}
                truncated={res.truncated}
                format={formatPercent}
                testId="chart-recognition-industry"
              >
                <StackedLevels
                  series={s}
                  format={formatPercent}
                  label={`Stacked bars: share of postings naming a micro-credential by ${LEVEL_NAME[level]}, required, preferred and in lieu`}
                  onSelect={canDrill ? (code) => drillDown(code) && setFilters({ naics: code }) : undefined}
                />
              </ChartFrame>
            );
          }}
        </QueryView>
        <QueryView query={byCredential} what="most-named credentials">
          {(res) => {
            const rows = credentialRows(res.rows).filter((x) => x.naming.any > 0);
            if (!rows.length) return <EmptyState>No posting {scope} names a catalogued credential.</EmptyState>;
            const s = toBarRankingSeries(rows, {
              id: (x) => x.key,
              label: (x) => x.label,
              value: (x) => x.naming.any,
              valueLabel: 'Postings naming it',
              categoryLabel: 'Credential',
              limit: 15,
              extra: [
                { key: 'required', label: 'Required', value: (x) => x.naming.required },
                { key: 'preferred', label: 'Preferred', value: (x) => x.naming.preferred },
                { key: 'in_lieu', label: 'In lieu of a degree', value: (x) => x.naming.in_lieu },
                { key: 'rate', label: 'Recognition rate in target occupations', value: (x) => x.rates.any },
              ],
            });
            return (
              <ChartFrame title="Credentials employers name most" description="Postings naming each credential (any level); the table splits them by level." table={s.table} k={res.k} truncated={s.truncated || res.truncated} testId="chart-recognition-credentials">
                <BarRanking series={s} label="Bar chart of the credentials named in the most postings" k={res.k} />
              </ChartFrame>
            );
          }}
        </QueryView>
      </div>
      <RecognitionTrend base={{ ...base, naics: filters.naics }} queried={byCredential.data?.query} scope={scope} />
    </section>
  );
}

/** Skills-first and degree-required shares and the any-micro-credential rate, per quarter (or year for long ranges). */
function RecognitionTrend({ base, queried, scope }: { base: Record<string, string | undefined>; queried?: { from?: string; to?: string }; scope: string }) {
  const from = queried?.from ?? '';
  const to = queried?.to ?? '';
  const months = from && to ? monthsBetween(from, to) : 0;
  // one request: the server answers a row per quarter (per year for long ranges)
  const trend = useMetricSeries('recognition', { ...base, from, to }, months > 36 ? 'year' : 'quarter', { enabled: months > 0 });
  if (!months) return null;
  return (
    <QueryView query={trend} what="the recognition trend">
      {(res) => {
        if (res.rows.every((p) => p.postings === 0)) return <EmptyState>No postings {scope} to show a trend.</EmptyState>;
        const s = toLineTrendSeries(res.rows, (p) => p.key, [
          { key: 'skillsFirst', label: 'Skills-first share', value: (p) => p.skillsFirstShare },
          { key: 'degree', label: "Bachelor's-required share", value: (p) => p.degreeRequirementShare },
          { key: 'any', label: 'Naming any micro-credential', value: (p) => p.rates.any },
        ], 'Period', (p) => p);
        return (
          <ChartFrame title="Skills-first against degree-required hiring over time" description="Share of postings in each period." table={s.table} format={formatPercent} testId="chart-recognition-trend">
            <LineTrend series={s} format={formatPercent} label="Line chart of skills-first share, degree-required share and micro-credential naming rate by period" />
          </ChartFrame>
        );
      }}
    </QueryView>
  );
}
