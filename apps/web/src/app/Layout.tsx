import { NavLink, Outlet } from 'react-router';
import { DataBanner } from '../features/health/DataBanner';

export const NAV = [{ to: '/', label: 'Overview' }] as const;

export function Layout() {
  return (
    <div className="layout">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand">Credential Pulse</span>
        <nav aria-label="Views">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.to === '/'}>{n.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <DataBanner />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        Occupational data: O*NET 29.3 (CC BY 4.0, USDOL/ETA). Skills: ESCO v1.1.1 (© European Union). Methods: <a href="/api/docs">API docs</a>.
      </footer>
    </div>
  );
}
