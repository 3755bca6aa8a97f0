import { DASHBOARD_VIEWS, VIEW_SHEETS, type DashboardView } from '@credpulse/contracts';
import { useLocation, useSearchParams } from 'react-router';
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

/** The peers view's workbook: region, period and the picked peers (none: the suggested five). */
export function peersWorkbookUrl(filters: Record<string, string | undefined>, peers: string | null): string | null {
  if (!filters.region || filters.region === 'us') return null;
  return `/api/exports/views/peers${queryString({ format: 'xlsx', region: filters.region, from: filters.from, to: filters.to, peers: peers || undefined })}`;
}

/** "Download workbook": the whole view, a sheet per chart and a provenance sheet, as one .xlsx. */
export function WorkbookLink() {
  const [filters] = useFilters();
  const [search] = useSearchParams();
  const pathname = useLocation().pathname.replace(/(.)\/$/, '$1');
  const view = viewOfPath(pathname);
  const href = view ? workbookUrl(view, filters) : pathname === '/peers' ? peersWorkbookUrl(filters, search.get('peers')) : null;
  if (!href) return null;
  return (
    <div className="field workbook-link">
      <a href={href} download data-testid="download-workbook">
        Download workbook (.xlsx)
      </a>
    </div>
  );
}
