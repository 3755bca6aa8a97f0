import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { applyFilters, type FilterKey, type Filters, parseFilters } from './filters';

/**
 * The view's filters, read from and written to the URL: reload, back/forward and a shared link give
 * the same view. Each change is a history entry (so Back undoes it).
 */
export function useFilters(): [Filters, (patch: Partial<Record<FilterKey, string | undefined | null>>) => void] {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => parseFilters(search), [search]);
  const update = useCallback(
    (patch: Partial<Record<FilterKey, string | undefined | null>>) => {
      setSearch((prev) => applyFilters(prev, patch));
    },
    [setSearch],
  );
  return [filters, update];
}
