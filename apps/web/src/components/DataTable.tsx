import type { ReactNode } from 'react';

/** A column of a DataTable: its header and what a row shows in it. */
export interface DataColumn<T> {
  header: string;
  /** The header is for screen readers only (a column of buttons). */
  hiddenHeader?: boolean;
  cell: (row: T) => ReactNode;
}

/** A list as a table (users, keys, schedules, the audit log): a caption (for screen readers unless `showCaption`), a header row, a row per item. */
export function DataTable<T>({ caption, showCaption, columns, rows, rowKey, testId }: { caption: string; showCaption?: boolean; columns: readonly DataColumn<T>[]; rows: readonly T[]; rowKey: (row: T) => string | number; testId?: string }) {
  return (
    <table className="data-table" data-testid={testId}>
      <caption className={showCaption ? undefined : 'sr-only'}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.hiddenHeader ? <span className="sr-only">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c) => (
              <td key={c.header}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
