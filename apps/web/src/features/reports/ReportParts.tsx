import type { ReactNode } from 'react';
import type { ReportCommon } from '@credpulse/contracts';
import { ChartFrame, Choropleth, formatPercent, LineTrend, toChoroplethSeries } from '@credpulse/web-charts';
import { FindingsList } from '../findings/FindingsList';
import { trendSeries } from './report.series';
import './report-print.css';

/** Title, period, data as of, demo notice and the print / PDF actions of a report. */
export function ReportHeader({ report, pdfUrl }: { report: ReportCommon; pdfUrl: string }) {
  return (
    <header className="report-header">
      <h1>{report.title}</h1>
      <p className="report-meta">{report.subtitle}</p>
      <p className="report-meta">
        Period {report.from} to {report.to} · data as of {report.dataAsOf ? report.dataAsOf.slice(0, 10) : 'unknown'} · disclosure threshold k = {report.k}
      </p>
      {report.demo ? (
        <p className="report-demo" role="note">
          Demo data: the postings, awards and outcomes in this report are synthetic. Do not use it for decisions.
        </p>
      ) : null}
      <div className="report-actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <a href={pdfUrl} download>
          Download PDF
        </a>
        {/* the same report as a workbook: a sheet per section and a provenance sheet */}
        <a href={pdfUrl.replace(/\.pdf(\?|$)/, '.xlsx$1')} download data-testid="download-report-workbook">
          Download workbook (.xlsx)
        </a>
      </div>
    </header>
  );
}

export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="report-figure">
      <strong>{value}</strong>
      <span>{label}</span>
    </div>
  );
}

export function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="report-block">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** A plain table for print; columns flagged numeric align right. */
export function ReportTable({ columns, rows, empty }: { columns: { label: string; numeric?: boolean }[]; rows: string[][]; empty: string }) {
  if (rows.length === 0) return <p className="report-meta">{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} className={c.numeric ? 'num' : undefined} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((cell, j) => (
              <td key={j} className={columns[j].numeric ? 'num' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Methodology({ report }: { report: ReportCommon }) {
  return (
    <section className="report-methodology report-block">
      <h2>Methodology and sources</h2>
      <ul>
        {report.methodology.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <p>Method versions: {Object.entries(report.methodVersions).map(([k, v]) => `${k} ${v}`).join('; ')}.</p>
      <p>Taxonomies: {Object.entries(report.taxonomyVersions).map(([k, v]) => `${k} ${v}`).join('; ') || 'none loaded'}.</p>
      <p>Generated {report.generatedAt.slice(0, 16).replace('T', ' ')} UTC.</p>
    </section>
  );
}

/** What opens every report: plain notices, the key findings, how to read it, the period's coverage. */
export function ReportOpening({ report }: { report: ReportCommon }) {
  return (
    <>
      {report.notices.length ? (
        <section className="report-notices" role="alert" data-testid="report-notices">
          <h2>What this report cannot show</h2>
          {report.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </section>
      ) : null}
      <section className="report-section">
        <h2>Key findings</h2>
        <FindingsList findings={report.findings} omitted={report.omittedFindings} testId="report-findings" />
      </section>
      <aside className="report-howto report-block">
        <h3>How to read this</h3>
        <ul>
          {report.howToRead.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
        {report.coverage.partial ? (
          <p>
            The data covers {report.coverage.months} of the {report.coverage.monthsInPeriod} months of this period (loaded data runs {report.coverage.firstMonth ?? '?'} to {report.coverage.lastMonth ?? '?'}); totals cover those months only.
          </p>
        ) : null}
      </aside>
    </>
  );
}

/** The region on a map (its counties, or the states) and the trends beside the nation. */
export function ReportMapAndTrends({ report }: { report: ReportCommon }) {
  const m = report.map;
  const map = toChoroplethSeries(m.areas, { fips: (a) => a.fips, name: (a) => a.name, value: (a) => (a.suppressed ? { value: null, suppressed: true } : a.value), areaLabel: m.level === 'state' ? 'State' : 'County', valueLabel: m.measure });
  return (
    <>
      <section className="report-section">
        <h2>Where: the region on a map</h2>
        <ChartFrame title={`${m.measure} by ${m.level}`} description={`${report.from} to ${report.to}.`} table={map.table} k={report.k} testId="report-map">
          <Choropleth series={map} level={m.level} label={`Map of ${m.measure.toLowerCase()} by ${m.level} in ${report.regionName}`} k={report.k} focus={m.level === 'county'} />
        </ChartFrame>
      </section>
      <section className="report-section">
        <h2>Trends: the region beside the nation</h2>
        {report.trends.map((t) => {
          const s = trendSeries(t);
          const format = t.kind === 'share' ? formatPercent : (n: number) => n.toFixed(0);
          return (
            <ChartFrame key={t.title} title={t.title} description={t.note} table={s.table} k={report.k} format={t.kind === 'share' ? formatPercent : undefined} testId="report-trend">
              <LineTrend series={s} format={format} label={`Line chart: ${t.title}, region and nation`} />
            </ChartFrame>
          );
        })}
      </section>
    </>
  );
}
