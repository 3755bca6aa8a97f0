import type { FindingsResponse } from '@credpulse/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, type QueryParams } from '../../lib/http';

/** Key findings for a region and period (GET /api/findings). */
export function useFindings(params: QueryParams) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return useQuery({
    queryKey: ['findings', clean],
    queryFn: ({ signal }) => getJson<FindingsResponse>('/api/findings', clean, signal),
    placeholderData: keepPreviousData,
  });
}
