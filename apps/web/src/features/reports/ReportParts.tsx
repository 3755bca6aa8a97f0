import type { ReactNode } from 'react';
import type { ReportCommon } from '@credpulse/contracts';
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
