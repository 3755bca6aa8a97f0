import { DASHBOARD_VIEWS, VIEW_SHEETS, type DashboardView } from '@credpulse/contracts';
import { useLocation } from 'react-router';
import { queryString } from '../../lib/http';
import { useFilters } from '../filters/useFilters';

/** The view a page path shows ('/' is the overview), or null for pages that are not dashboard views. */
export function viewOfPath(pathname: string): DashboardView | null {
  const seg = pathname.replace(/^\/+|\/+$/g, '') || 'overview';
  return (DASHBOARD_VIEWS as readonly string[]).includes(seg) ? (seg as DashboardView) : null;
}

/** GET /api/exports/views/<view>?format=xlsx with the filters the view's charts take. */
export function workbookUrl(view: DashboardView, filters: Record<string, string | undefined>): string {
  const keys = new Set(VIEW_SHEETS[view].flatMap((s) => s.filters));
  const params: Record<string, string | undefined> = { format: 'xlsx' };
  for (const k of keys) params[k] = filters[k];
  return `/api/exports/views/${view}${queryString(params)}`;
}

/** "Download workbook": the whole view, a sheet per chart and a provenance sheet, as one .xlsx. */
export function WorkbookLink() {
  const [filters] = useFilters();
  const view = viewOfPath(useLocation().pathname);
  if (!view) return null;
  return (
    <div className="field workbook-link">
      <a href={workbookUrl(view, filters)} download data-testid="download-workbook">
        Download workbook (.xlsx)
      </a>
    </div>
  );
}
