import { useHealth } from './health.api';

/** Says on every view whether the data is synthetic demo data and when it was last loaded. */
export function DataBanner() {
  const { data } = useHealth();
  if (!data) return null;
  const asOf = data.dataAsOf ? new Date(data.dataAsOf).toLocaleString() : 'never';
  return (
    <div className={data.demo ? 'banner banner-demo' : 'banner'} role="status" data-testid="data-banner">
      {data.demo ? <strong>Demo data: every posting, award and outcome shown is synthetic. </strong> : null}
      <span>Data last loaded {asOf}.</span>
    </div>
  );
}
