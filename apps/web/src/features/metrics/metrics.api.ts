import type { MetricResponse } from '@credpulse/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, type QueryParams } from '../../lib/http';

export type MetricEndpoint = 'postings' | 'recognition' | 'skill-gap' | 'program-demand' | 'concentration' | 'outcomes' | 'equity' | 'pathways' | 'saturation';

export function fetchMetric<Row>(endpoint: MetricEndpoint, params: QueryParams, signal?: AbortSignal): Promise<MetricResponse<Row>> {
  return getJson<MetricResponse<Row>>(`/api/metrics/${endpoint}`, params, signal);
}

/** One metric request; the previous answer stays on screen while a filter change loads. */
export function useMetric<Row>(endpoint: MetricEndpoint, params: QueryParams, opts: { enabled?: boolean } = {}) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return useQuery({
    queryKey: ['metric', endpoint, clean],
    queryFn: ({ signal }) => fetchMetric<Row>(endpoint, clean, signal),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
}
