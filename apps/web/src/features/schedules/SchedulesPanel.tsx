import { SCHEDULE_PERIODS, type SchedulePeriod, type ScheduleTarget } from '@credpulse/contracts';
import { type FormEvent, useId } from 'react';
import { DataTable } from '../../components/DataTable';
import { QueryView } from '../../components/QueryState';
import { useCreateSchedule, useDeleteSchedule, useSavedViewChoices, useSchedulerStatus, useScheduleRuns, useSchedules } from './schedules.api';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function describeTarget(t: ScheduleTarget): string {
  switch (t.kind) {
    case 'saved-view':
      return `saved view ${t.savedViewId}`;
    case 'view':
      return `${t.view} view ${new URLSearchParams(t.filters).toString()}`;
    case 'region-report':
      return `region report ${t.region}`;
    case 'program-report':
      return `program report ${t.cip}${t.region ? ` in ${t.region}` : ''}`;
  }
}

/** Admin view: scheduled reports, their deliveries (status, tries, files, e-mail, error), and a form to schedule a saved view or a report. */
export function SchedulesPanel() {
  const status = useSchedulerStatus();
  const schedules = useSchedules();
  const runs = useScheduleRuns();
  const views = useSavedViewChoices();
  const create = useCreateSchedule();
  const remove = useDeleteSchedule();
  const ids = { name: useId(), period: useId(), target: useId(), to: useId() };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const fd = new FormData(form);
    const t = String(fd.get('target'));
    const target: ScheduleTarget = t.startsWith('view:') ? { kind: 'saved-view', savedViewId: Number(t.slice(5)) } : { kind: 'region-report', region: t.slice('region:'.length) };
    const recipients = String(fd.get('recipients') ?? '').split(/[\s,;]+/).filter(Boolean);
    create.mutate({ name: String(fd.get('name')), period: fd.get('period') as SchedulePeriod, target, recipients }, { onSuccess: () => form.reset() });
  };
  return (
    <section aria-labelledby="schedules-h" className="panel">
      <h2 id="schedules-h">Scheduled reports</h2>
      <QueryView query={status} what="the scheduler status" height={20}>
        {(s) => (
          <p className="muted small" data-testid="scheduler-status">
            {s.running ? 'The scheduler is running' : s.enabled ? 'The scheduler is starting or failed to start' : 'The scheduler is off (CREDPULSE_SCHEDULER=false)'}; deliveries go to {s.deliveryDir}
            {s.email ? ' and are e-mailed to each schedule\u2019s recipients' : ' (no SMTP_URL: not e-mailed)'}.
          </p>
        )}
      </QueryView>
      <QueryView query={schedules} what="schedules">
        {(list) =>
          list.length === 0 ? (
            <p className="muted">No schedules yet.</p>
          ) : (
            <DataTable
              caption="Schedules"
              testId="schedules-table"
              rows={list}
              rowKey={(s) => s.id}
              columns={[
                { header: 'Name', cell: (s) => s.name },
                { header: 'Every', cell: (s) => s.period },
                { header: 'What', cell: (s) => describeTarget(s.target) },
                { header: 'Recipients', cell: (s) => s.recipients.join(', ') || '—' },
                { header: 'Last delivery', cell: (s) => (s.lastRun ? `${s.lastRun.periodKey}: ${s.lastRun.status}` : '—') },
                {
                  header: 'Actions',
                  hiddenHeader: true,
                  cell: (s) => (
                    <button type="button" className="link-button small" onClick={() => remove.mutate(s.id)}>
                      Delete
                    </button>
                  ),
                },
              ]}
            />
          )
        }
      </QueryView>
      <form onSubmit={submit} className="inline-form" aria-label="Schedule a report">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} name="name" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={ids.period}>Every</label>
          <select id={ids.period} name="period" defaultValue="monthly">
            {SCHEDULE_PERIODS.filter((p) => p !== 'every-minute' || status.data?.everyMinuteAllowed).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.target}>Saved view or report</label>
          <select id={ids.target} name="target" required>
            <option value="region:us">Region report: United States</option>
            {(views.data ?? []).filter((v) => v.shared).map((v) => (
              <option key={v.id} value={`view:${v.id}`}>
                Saved view: {v.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.to}>E-mail to</label>
          <input id={ids.to} name="recipients" placeholder="board@example.org, ..." />
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Schedule
        </button>
        {create.error ? <p role="alert">{create.error.message}</p> : null}
      </form>
      <QueryView query={runs} what="deliveries">
        {(list) =>
          list.length === 0 ? null : (
            <DataTable
              caption="Recent deliveries"
              showCaption
              testId="schedule-runs-table"
              rows={list}
              rowKey={(r) => r.id}
              columns={[
                { header: 'Schedule', cell: (r) => r.scheduleName },
                { header: 'Period', cell: (r) => r.periodKey },
                { header: 'Status', cell: (r) => r.status },
                { header: 'Tries', cell: (r) => r.attempts },
                { header: 'Started', cell: (r) => when(r.startedAt) },
                { header: 'Files', cell: (r) => r.files.join(', ') || '—' },
                { header: 'E-mailed to', cell: (r) => r.emailedTo.join(', ') || '—' },
                { header: 'Error', cell: (r) => r.error ?? '' },
              ]}
            />
          )
        }
      </QueryView>
    </section>
  );
}
