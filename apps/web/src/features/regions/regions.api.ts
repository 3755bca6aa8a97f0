import type { CustomRegion, CustomRegionInput } from '@credpulse/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/http';

export function useCustomRegions() {
  return useQuery({ queryKey: ['custom-regions'], queryFn: () => getJson<CustomRegion[]>('/api/regions/custom') });
}

/** Create (no id) or replace (id) a custom region; the region list and every region name are refreshed. */
export function useSaveRegion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CustomRegionInput }) => (id ? sendJson<CustomRegion>('PUT', `/api/regions/custom/${id}`, body) : sendJson<CustomRegion>('POST', '/api/regions/custom', body)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['custom-regions'] });
      void qc.invalidateQueries({ queryKey: ['region-name'] });
      void qc.invalidateQueries({ queryKey: ['picker', 'region'] });
    },
  });
}

export function useDeleteRegion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<void>('DELETE', `/api/regions/custom/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['custom-regions'] }),
  });
}

/** 5-digit county FIPS codes in pasted text (commas, spaces, new lines); 4-digit ones get their leading zero back. */
export function parseFipsList(text: string): { codes: string[]; rejected: string[] } {
  const codes: string[] = [];
  const rejected: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    if (/^\d{5}$/.test(token)) codes.push(token);
    else if (/^\d{4}$/.test(token)) codes.push(`0${token}`);
    else rejected.push(token);
  }
  return { codes: [...new Set(codes)], rejected };
}
