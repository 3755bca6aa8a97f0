import { useIsFetching } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { SAVED_VIEW_PATH_PATTERN } from '@credpulse/contracts';
import { DataBanner } from '../features/health/DataBanner';
import { SaveViewPanel } from '../features/saved-views/SaveViewPanel';
import { NAV } from './routes';

export function Layout() {
  const { pathname, search } = useLocation();
  const fetching = useIsFetching();
  // The URL this render shows: with data-fetching, tells tests that a filter change has been drawn.
  useEffect(() => {
    document.documentElement.dataset.renderedUrl = `${pathname}${search}`;
  }, [pathname, search]);
  // Lets assistive tech and the browser tests know when every request of the view has answered.
  useEffect(() => {
    document.documentElement.dataset.fetching = String(fetching);
  }, [fetching]);
  // Keep region and period when moving between views, so a reader compares like with like.
  const carry = new URLSearchParams();
  const current = new URLSearchParams(search);
  for (const k of ['region', 'from', 'to']) {
    const v = current.get(k);
    if (v) carry.set(k, v);
  }
  const qs = carry.toString() ? `?${carry}` : '';
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Credential Pulse</span>
        <nav aria-label="Views">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={`${n.to}${qs}`} end={n.to === '/'}>
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <DataBanner />
      <main id="main" tabIndex={-1}>
        {SAVED_VIEW_PATH_PATTERN.test(pathname.replace(/(.)\/$/, '$1')) ? (
          <div className="view-tools">
            <SaveViewPanel key={pathname} />
            {current.get('region') && current.get('region') !== 'us' && pathname !== '/peers' ? (
              <Link className="peers-link" to={`/peers${qs}`}>
                Compare this region with its peers
              </Link>
            ) : null}
          </div>
        ) : null}
        <Outlet />
      </main>
      <footer className="footer">
        Occupational data: O*NET 29.3 (CC BY 4.0, USDOL/ETA). Skills: ESCO v1.1.1 (© European Union). Methods: <a href="/api/docs">API docs</a>.
      </footer>
    </div>
  );
}
