import type { PickerKind, PickerResponse, RegionListResponse } from '@credpulse/contracts';
import { useQuery } from '@tanstack/react-query';
import type { PickerOption } from '../../components/SearchPicker';
import { getJson } from '../../lib/http';

export type TaxonomyKind = PickerKind;

export async function searchTaxonomy(kind: TaxonomyKind, q: string, limit = 12): Promise<PickerOption[]> {
  const res = await getJson<PickerResponse>(`/api/taxonomy/${kind}`, { q, limit });
  return res.items.map((i) => ({ value: i.code, label: kind === 'skills' || kind === 'credentials' || kind === 'providers' ? i.title : `${i.code} ${i.title}`, hint: i.detail ?? undefined }));
}

export async function searchRegions(q: string, limit = 12): Promise<PickerOption[]> {
  const res = await getJson<RegionListResponse>('/api/regions', { q, limit });
  return res.items.map((i) => ({ value: i.code, label: i.name, hint: i.kind === 'cbsa' ? (i.cbsaKind ?? 'metro area') : i.kind }));
}

/** The name of a region code (`county:06001` -> "Alameda County, CA"), for headings and empty states. */
export function useRegionName(code: string | undefined): string | undefined {
  const q = useQuery({
    queryKey: ['region-name', code],
    enabled: !!code && code !== 'us',
    staleTime: Infinity,
    queryFn: async () => {
      const [kind, id] = code!.split(':');
      const res = await getJson<RegionListResponse>('/api/regions', { q: id ?? code, kind, limit: 20 });
      return res.items.find((i) => i.code === code)?.name ?? code!;
    },
  });
  if (!code || code === 'us') return 'the United States';
  return q.data ?? code;
}

/** The title of a taxonomy code, for the picker's current value. */
export function useTaxonomyLabel(kind: TaxonomyKind, code: string | undefined): string | undefined {
  const q = useQuery({
    queryKey: ['taxonomy-label', kind, code],
    enabled: !!code,
    staleTime: Infinity,
    queryFn: async () => {
      const res = await getJson<PickerResponse>(`/api/taxonomy/${kind}`, { q: code!, limit: 20 });
      const hit = res.items.find((i) => i.code === code);
      return hit ? (kind === 'naics' || kind === 'soc' || kind === 'cip' ? `${hit.code} ${hit.title}` : hit.title) : code!;
    },
  });
  return code ? (q.data ?? code) : undefined;
}
