import type { ProgramReport, RegionReport } from '@credpulse/contracts';
import { useQuery } from '@tanstack/react-query';
import { getJson, queryString, type QueryParams } from '../../lib/http';

export function useRegionReport(region: string, period: QueryParams) {
  return useQuery({
    queryKey: ['report', 'region', region, period],
    queryFn: ({ signal }) => getJson<RegionReport>(`/api/reports/region/${encodeURIComponent(region)}`, period, signal),
  });
}

export function useProgramReport(cip: string, params: QueryParams) {
  return useQuery({
    queryKey: ['report', 'program', cip, params],
    queryFn: ({ signal }) => getJson<ProgramReport>(`/api/reports/program/${encodeURIComponent(cip)}`, params, signal),
  });
}

/** The server-side PDF of the same report (same parameters). */
export function reportPdfUrl(kind: 'region' | 'program', id: string, params: QueryParams): string {
  return `/api/reports/${kind}/${encodeURIComponent(id)}.pdf${queryString(params)}`;
}
