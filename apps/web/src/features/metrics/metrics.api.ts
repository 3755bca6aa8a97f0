import type { Granularity, MetricAnswers, MetricName, MetricResponses, MetricSeriesResponses } from '@credpulse/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
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
 * A metric as one row per period (`groupBy=period&granularity=...`): the server groups by month,
 * quarter or year and protects each cell, so a trend chart is one request whatever its length.
 */
export function useMetricSeries<E extends MetricEndpoint>(endpoint: E, params: QueryParams, granularity: Granularity, opts: { enabled?: boolean } = {}) {
  return useMetric<E, MetricSeriesResponses[E]>(endpoint, { ...params, groupBy: 'period', granularity }, opts);
}
