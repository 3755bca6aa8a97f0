import type { HealthResponse } from '@credpulse/contracts';
import { useQuery } from '@tanstack/react-query';

export async function fetchHealth(): Promise<HealthResponse> {
  const res = await fetch('/api/health');
  if (!res.ok) throw new Error(`Health check failed (${res.status})`);
  return res.json();
}

export function useHealth() {
  return useQuery({ queryKey: ['health'], queryFn: fetchHealth });
}
