import type { Schedule, SchedulePeriod, SchedulerStatus, ScheduleRun, ScheduleTarget } from '@credpulse/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../../lib/http';

export const useSchedulerStatus = () => useQuery({ queryKey: ['schedules', 'status'], queryFn: () => getJson<SchedulerStatus>('/api/schedules/status') });
export const useSchedules = () => useQuery({ queryKey: ['schedules', 'list'], queryFn: () => getJson<Schedule[]>('/api/schedules'), refetchInterval: 15_000 });
export const useScheduleRuns = () => useQuery({ queryKey: ['schedules', 'runs'], queryFn: () => getJson<ScheduleRun[]>('/api/schedules/runs', { limit: 50 }), refetchInterval: 15_000 });
export const useSavedViewChoices = () => useQuery({ queryKey: ['schedules', 'saved-views'], queryFn: () => getJson<{ id: number; name: string; url: string; shared: boolean }[]>('/api/saved-views') });

function useScheduleMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['schedules'] }) });
}

export const useCreateSchedule = () =>
  useScheduleMutation((s: { name: string; period: SchedulePeriod; target: ScheduleTarget; recipients: string[] }) => sendJson<Schedule>('POST', '/api/schedules', s));
export const useDeleteSchedule = () => useScheduleMutation((id: number) => sendJson<void>('DELETE', `/api/schedules/${id}`));
