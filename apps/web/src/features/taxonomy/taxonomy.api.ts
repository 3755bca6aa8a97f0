import { useQuery } from '@tanstack/react-query';
import type { PickerOption } from '../../components/SearchPicker';
import { getJson } from '../../lib/http';

// The pickers only need a code and a title from the taxonomy API; fields are read defensively so a
// picker keeps working while the API's item shapes settle.
interface TaxonomyItemLike {
  code?: string;
  id?: string | number;
  title?: string;
  name?: string;
  kind?: string;
  level?: number | string;
}
interface ListLike {
  items: TaxonomyItemLike[];
}

export type TaxonomyKind = 'naics' | 'soc' | 'cip' | 'skills' | 'credentials' | 'providers';

function toOption(i: TaxonomyItemLike): PickerOption {
  const value = String(i.code ?? i.id ?? '');
  const title = i.title ?? i.name ?? value;
  return { value, label: i.code && !String(title).startsWith(i.code) ? `${i.code} ${title}` : title };
}

export async function searchTaxonomy(kind: TaxonomyKind, q: string, limit = 12): Promise<PickerOption[]> {
  const res = await getJson<ListLike>(`/api/taxonomy/${kind}`, { q, limit });
  return res.items.map(toOption);
}

export async function searchRegions(q: string, limit = 12): Promise<PickerOption[]> {
  const res = await getJson<ListLike>('/api/regions', { q, limit });
  return res.items.map((i) => {
    const value = String(i.code ?? i.id ?? '');
    return { value, label: i.name ?? i.title ?? value, hint: value };
  });
}

/** The name of a region code (`county:06001` -> "Alameda County, CA"), for headings and empty states. */
export function useRegionName(code: string | undefined): string | undefined {
  const q = useQuery({
    queryKey: ['region-name', code],
    enabled: !!code && code !== 'us',
    staleTime: Infinity,
    queryFn: async () => {
      const res = await getJson<ListLike>('/api/regions', { q: code!.split(':')[1] ?? code, limit: 50 });
      const hit = res.items.find((i) => String(i.code ?? i.id) === code);
      return hit ? (hit.name ?? hit.title ?? code!) : code!;
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
      const res = await getJson<ListLike>(`/api/taxonomy/${kind}`, { q: code!, limit: 20 });
      const hit = res.items.find((i) => String(i.code ?? i.id) === code);
      return hit ? toOption(hit).label : code!;
    },
  });
  return code ? (q.data ?? code) : undefined;
}
