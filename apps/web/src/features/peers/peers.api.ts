import type { PeersResponse } from '@credpulse/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '../../lib/http';

export function usePeers(params: { region?: string; from?: string; to?: string; peers?: string }) {
  return useQuery({
    queryKey: ['peers', params],
    enabled: !!params.region && params.region !== 'us',
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => getJson<PeersResponse>('/api/peers', params, signal),
  });
}

/** The peers parameter as a list, and back. */
export const peerList = (s: string | null | undefined): string[] => (s ? s.split(',').filter(Boolean) : []);
export const peerParam = (codes: string[]): string | undefined => (codes.length ? codes.join(',') : undefined);
