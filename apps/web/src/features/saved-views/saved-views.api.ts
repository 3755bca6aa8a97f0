import type { SavedView, SavedViewInput } from '@credpulse/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/http';

export function useSavedViews(pinned = false, enabled = true) {
  return useQuery({ queryKey: ['saved-views', pinned], enabled, queryFn: () => getJson<SavedView[]>('/api/saved-views', pinned ? { pinned: 'true' } : {}) });
}

export function useSavedView(id: string | undefined) {
  return useQuery({ queryKey: ['saved-view', id], enabled: !!id, retry: false, queryFn: () => getJson<SavedView>(`/api/saved-views/${id}`) });
}

export function useSaveView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: SavedViewInput }) => (id ? sendJson<SavedView>('PUT', `/api/saved-views/${id}`, body) : sendJson<SavedView>('POST', '/api/saved-views', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['saved-views'] }),
  });
}

export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<void>('DELETE', `/api/saved-views/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['saved-views'] }),
  });
}

/** The body that saves `v` again with changes (PUT replaces the whole view). */
export function asInput(v: SavedView, patch: Partial<SavedViewInput> = {}): SavedViewInput {
  return { name: v.name, note: v.note, path: v.path, query: v.query, shared: v.shared, pinned: v.pinned, ...patch };
}

/** The share link as a colleague opens it. */
export const shareUrl = (v: SavedView) => `${window.location.origin}${v.link}`;
