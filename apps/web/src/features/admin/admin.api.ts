import type { ApiKeyCreated, ApiKeySummary, AuditEntry, Role, UserSummary } from '@credpulse/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/http';

export const useUsers = () => useQuery({ queryKey: ['admin', 'users'], queryFn: () => getJson<UserSummary[]>('/api/admin/users') });
export const useApiKeys = () => useQuery({ queryKey: ['admin', 'keys'], queryFn: () => getJson<ApiKeySummary[]>('/api/admin/api-keys') });
export const useAudit = () => useQuery({ queryKey: ['admin', 'audit'], queryFn: () => getJson<AuditEntry[]>('/api/admin/audit', { limit: 100 }) });

/** Every admin change refreshes the admin tables (the audit log gains a line each time). */
function useAdminMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['admin'] }) });
}

export const useCreateUser = () => useAdminMutation((u: { email: string; password: string; role: Role }) => sendJson<UserSummary>('POST', '/api/admin/users', u));
export const useUpdateUser = () =>
  useAdminMutation((u: { id: number; role?: Role; disabled?: boolean }) => sendJson<UserSummary>('PATCH', `/api/admin/users/${u.id}`, { role: u.role, disabled: u.disabled }));
export const useCreateKey = () => useAdminMutation((k: { name: string; role: Role }) => sendJson<ApiKeyCreated>('POST', '/api/admin/api-keys', k));
export const useRevokeKey = () => useAdminMutation((id: number) => sendJson<ApiKeySummary>('DELETE', `/api/admin/api-keys/${id}`));
