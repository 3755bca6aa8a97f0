import { useHealth } from './health.api';

/** Says on every view whether the data is synthetic demo data and when it was last loaded. */
export function DataBanner() {
  const { data, error } = useHealth();
  if (error) return <div className="banner" role="status" data-testid="data-banner">Data status unavailable: {String((error as Error).message)}</div>;
  if (!data) return <div className="banner" aria-busy="true" data-testid="data-banner">Checking the data…</div>;
  const asOf = data.dataAsOf ? new Date(data.dataAsOf).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : 'never';
  return (
    <div className={data.demo ? 'banner banner-demo' : 'banner'} role="status" data-testid="data-banner">
      {data.demo ? <strong>Demo data: every posting, award and outcome shown is synthetic. </strong> : null}
      <span>Data last loaded {asOf}.</span>
    </div>
  );
}
