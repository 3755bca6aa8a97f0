import { useHealth } from '../features/health/health.api';

export default function OverviewPage() {
  const { data, isLoading, error } = useHealth();
  if (isLoading) return <div className="skeleton" aria-busy="true" />;
  if (error) return <p role="alert">Could not reach the server: {String(error)}</p>;
  return (
    <section>
      <h1>Overview</h1>
      <dl className="figures">
        <div><dt>Postings</dt><dd>{data?.counts.postings?.toLocaleString()}</dd></div>
        <div><dt>Credentials</dt><dd>{data?.counts.credentials?.toLocaleString()}</dd></div>
      </dl>
    </section>
  );
}
