import type { ReactNode } from 'react';
import { ApiError } from '../lib/http';

export function Skeleton({ label = 'Loading', height = 240 }: { label?: string; height?: number }) {
  return <div className="skeleton" style={{ minHeight: height }} aria-busy="true" aria-label={label} role="progressbar" />;
}

export function ErrorState({ error, retry, what }: { error: unknown; retry?: () => void; what: string }) {
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const param = error instanceof ApiError ? error.problem?.parameter : undefined;
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {message}
        {param ? ` (filter: ${param})` : null}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <p>{children}</p>
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  /** True while newer data loads behind the previous answer (kept on screen, dimmed). */
  isFetching?: boolean;
  isPlaceholderData?: boolean;
  refetch: () => unknown;
}

/** Loading skeleton, error with retry, or the content once the data is there. */
export function QueryView<T>({ query, what, height, children }: { query: QueryLike<T>; what: string; height?: number; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Skeleton label={`Loading ${what}`} height={height} />;
  if (query.error || query.data === undefined) return <ErrorState error={query.error} retry={() => void query.refetch()} what={what} />;
  const updating = !!query.isPlaceholderData;
  return (
    <div className={updating ? 'query-view updating' : 'query-view'} aria-busy={updating ? 'true' : undefined}>
      {children(query.data)}
    </div>
  );
}
