import type { MetricAnswers, MetricName, MetricResponses } from '@credpulse/contracts';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { getJson, type QueryParams } from '../../lib/http';

/** A metric endpoint, GET /api/metrics/<name>; its answer type is MetricResponses[name] (from the contract schemas). */
export type MetricEndpoint = MetricName;

/**
 * `R`: which of the endpoint's contract answers these parameters give, when it has more than one
 * (program-demand with groupBy=award-level: ProgramDemandAwardLevelResponse); it must be one of them.
 */
export function fetchMetric<E extends MetricEndpoint, R extends MetricAnswers[E] = MetricResponses[E]>(endpoint: E, params: QueryParams, signal?: AbortSignal): Promise<R> {
  return getJson<R>(`/api/metrics/${endpoint}`, params, signal);
}

/** One metric request; the previous answer stays on screen while a filter change loads. */
export function useMetric<E extends MetricEndpoint, R extends MetricAnswers[E] = MetricResponses[E]>(endpoint: E, params: QueryParams, opts: { enabled?: boolean } = {}) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return useQuery({
    queryKey: ['metric', endpoint, clean],
    queryFn: ({ signal }) => fetchMetric<E, R>(endpoint, clean, signal),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}

/**
 * The same metric once per period, for figures an endpoint reports only as totals (one request per
 * period; used where the API has no time grouping for that figure).
 */
export function usePeriodMetrics<E extends MetricEndpoint>(endpoint: E, params: QueryParams, periods: { label: string; from: string; to: string }[]) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return useQueries({
    queries: periods.map((p) => ({
      queryKey: ['metric', endpoint, { ...clean, from: p.from, to: p.to }],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchMetric(endpoint, { ...clean, from: p.from, to: p.to }, signal),
    })),
    combine: (results) => ({
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      data: results.every((r) => r.data) ? periods.map((p, i) => ({ period: p.label, res: results[i].data! })) : undefined,
      refetch: () => results.forEach((r) => void r.refetch()),
    }),
  });
}
