import { type ReactNode, useId, useState } from 'react';
import { type ChartTable, cellText, formatNumber, isSuppressedCell, suppressedLabel } from './cell.js';
import { csvFileName, toCsv } from './csv.js';

export interface ChartFrameProps {
  title: string;
  description?: string;
  table: ChartTable;
  /** Disclosure threshold, for the suppression label. */
  k?: number;
  /** Cells hidden by disclosure control in what the chart shows. */
  suppressedCells?: number;
  /** The server cut the list at its limit. */
  truncated?: boolean;
  format?: (n: number) => string;
  /** Chart body; replaced by the table when the reader asks for it. */
  children: ReactNode;
  testId?: string;
}

/** Wraps every chart: title, "view as table" toggle, "download CSV" of exactly what the chart shows. */
export function ChartFrame({ title, description, table, k, suppressedCells, truncated, format, children, testId }: ChartFrameProps) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const suppressedShown = suppressedCells ?? table.rows.reduce((n, r) => n + r.filter(isSuppressedCell).length, 0);
  const download = () => {
    const blob = new Blob([toCsv(table, k)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = csvFileName(title);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <figure className="chart" aria-labelledby={headingId} data-testid={testId}>
      <div className="chart-head">
        <h2 id={headingId} className="chart-title">
          {title}
        </h2>
        <div className="chart-actions">
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'View as chart' : 'View as table'}
          </button>
          <button type="button" onClick={download} disabled={table.rows.length === 0}>
            Download CSV
          </button>
        </div>
      </div>
      {description ? <p className="chart-desc">{description}</p> : null}
      {table.rows.length === 0 ? null : asTable ? <DataTable table={table} k={k} caption={title} format={format} /> : <div className="chart-body">{children}</div>}
      {suppressedShown > 0 || truncated ? (
        <figcaption className="chart-notes">
          {suppressedShown > 0 ? (
            <span className="suppressed-note">
              <span className="suppressed-swatch" aria-hidden="true" /> {formatNumber(suppressedShown)} {suppressedShown === 1 ? 'cell' : 'cells'} {suppressedLabel(k)}; shown as gaps, never as zero.
            </span>
          ) : null}
          {truncated ? <span> Only the top entries are shown.</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

export function DataTable({ table, k, caption, format }: { table: ChartTable; k?: number; caption: string; format?: (n: number) => string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${caption} (table)`}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cellText(c, k, format)}
                  </th>
                ) : (
                  <td key={j} className={isSuppressedCell(c) ? 'cell-suppressed' : typeof c === 'number' ? 'num' : undefined}>
                    {cellText(c, k, format)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
