import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  const rows = [
    { id: 1, name: 'Monthly CA', period: 'monthly' },
    { id: 2, name: 'Quarterly US', period: 'quarterly' },
  ];
  const html = (showCaption?: boolean) =>
    renderToStaticMarkup(
      <DataTable
        caption="Schedules"
        showCaption={showCaption}
        testId="t"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Name', cell: (r) => r.name },
          { header: 'Every', cell: (r) => r.period },
          { header: 'Actions', hiddenHeader: true, cell: (r) => <button type="button">Delete {r.id}</button> },
        ]}
      />,
    );

  it('a header row of column headers and a row per item, cells in column order', () => {
    const h = html();
    expect(h).toContain('<th scope="col">Name</th><th scope="col">Every</th><th scope="col"><span class="sr-only">Actions</span></th>');
    expect(h).toContain('<tr><td>Monthly CA</td><td>monthly</td><td><button type="button">Delete 1</button></td></tr>');
    expect(h.match(/<tr>/g)).toHaveLength(3);
    expect(h).toContain('data-testid="t"');
  });

  it('the caption is for screen readers unless shown', () => {
    expect(html()).toContain('<caption class="sr-only">Schedules</caption>');
    expect(html(true)).toContain('<caption>Schedules</caption>');
  });
});
