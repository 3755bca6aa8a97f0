import type { SessionResponse } from '@credpulse/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson, setCsrfToken } from '../../lib/http';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const s = await getJson<SessionResponse>('/api/auth/me');
      setCsrfToken(s.csrfToken);
      return s;
    },
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return async (email: string, password: string) => {
    const s = await sendJson<SessionResponse>('POST', '/api/auth/login', { email, password });
    setCsrfToken(s.csrfToken);
    qc.setQueryData(['session'], s);
    return s;
  };
}
