import type { CandidateQuery, CredentialCandidate, ReextractJob } from '@credpulse/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/http';

export type CandidateRow = CredentialCandidate;

export const useCandidates = (query: CandidateQuery) =>
  useQuery({ queryKey: ['admin', 'candidates', query], queryFn: () => getJson<CandidateRow[]>('/api/admin/credential-candidates', query) });

/** Polls every 2 s while a job runs. */
export const useReextract = () =>
  useQuery({
    queryKey: ['admin', 'reextract'],
    queryFn: () => getJson<ReextractJob | null>('/api/admin/reextract'),
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'running' || q.state.data.status === 'queued') ? 2000 : false),
  });

function useAdminMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useAddCandidate = () =>
  useAdminMutation((a: { id: number; name: string; type: string; issuer: string; targetSoc: string }) =>
    sendJson('POST', `/api/admin/credential-candidates/${a.id}/add`, { name: a.name, type: a.type, issuer: a.issuer || undefined, targetSoc: a.targetSoc || undefined }),
  );
export const useMergeCandidate = () => useAdminMutation((a: { id: number; credentialId: number }) => sendJson('POST', `/api/admin/credential-candidates/${a.id}/merge`, { credentialId: a.credentialId }));
export const useIgnoreCandidate = () => useAdminMutation((id: number) => sendJson('POST', `/api/admin/credential-candidates/${id}/ignore`, {}));
export const useStartReextract = () => useAdminMutation(() => sendJson('POST', '/api/admin/reextract', { force: true }));
