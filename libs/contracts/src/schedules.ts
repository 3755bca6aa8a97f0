import { z } from 'zod';
import { Timestamp } from './codes.js';
import { DASHBOARD_VIEWS } from './workbook.js';

/**
 * How often a schedule delivers: once per calendar month or quarter (UTC). every-minute exists for
 * trials and tests and is refused unless the server sets CREDPULSE_SCHEDULE_EVERY_MINUTE=true.
 */
export const SCHEDULE_PERIODS = ['monthly', 'quarterly', 'every-minute'] as const;
export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

/** What a schedule renders: a saved view, a dashboard view with its filters, or a region or program report. */
export const ScheduleTarget = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('view'),
      view: z.enum(DASHBOARD_VIEWS),
      filters: z.record(z.string(), z.string()).describe("The view's filters as in its URL (region, from, to, naics, ...)."),
    }),
    z.object({ kind: z.literal('saved-view'), savedViewId: z.number().int().describe('A saved view (GET /api/saved-views): its dashboard view or report, with its filters, as it is when the schedule runs.') }),
    z.object({ kind: z.literal('region-report'), region: z.string(), from: z.string().optional(), to: z.string().optional() }),
    z.object({ kind: z.literal('program-report'), cip: z.string(), region: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
  ])
  .meta({ id: 'ScheduleTarget', description: 'What a schedule renders. Without from/to a report covers the latest months with data at the time it runs.' });
export type ScheduleTarget = z.infer<typeof ScheduleTarget>;

/** POST /api/schedules. */
export const ScheduleInput = z
  .object({
    name: z.string().describe('1 to 200 characters.'),
    period: z.enum(SCHEDULE_PERIODS),
    target: ScheduleTarget,
    recipients: z.array(z.string()).optional().describe('E-mail addresses (at most 50) the PDF and workbook are sent to when SMTP is configured.'),
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'ScheduleInput' });
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const RUN_STATUSES = ['running', 'done', 'failed'] as const;

/** One delivery of a schedule for one period; (schedule, period) is unique: a period is never delivered twice. */
export const ScheduleRun = z
  .object({
    id: z.number().int(),
    scheduleId: z.number().int(),
    scheduleName: z.string(),
    periodKey: z.string().describe('The period delivered: 2026-11 (monthly), 2026-Q4 (quarterly), 2026-12-07T15:41 (every minute, UTC).'),
    status: z.enum(RUN_STATUSES),
    attempts: z.number().int().describe('Tries so far (a failed try is retried with backoff, at most 3 times).'),
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    files: z.array(z.string()).describe('Files written to the delivery folder, relative to it.'),
    emailedTo: z.array(z.string()).describe('Recipients the delivery was e-mailed to (empty when SMTP is not configured or no recipient is set).'),
    error: z.string().nullable(),
  })
  .meta({ id: 'ScheduleRun' });
export type ScheduleRun = z.infer<typeof ScheduleRun>;

export const Schedule = z
  .object({
    id: z.number().int(),
    name: z.string(),
    period: z.enum(SCHEDULE_PERIODS),
    target: ScheduleTarget,
    recipients: z.array(z.string()),
    enabled: z.boolean(),
    createdBy: z.string(),
    createdAt: Timestamp,
    lastRun: ScheduleRun.nullable(),
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof Schedule>;

/** GET /api/schedules/status: whether the scheduler runs here, and where it delivers. */
export const SchedulerStatus = z
  .object({
    enabled: z.boolean().describe('False when CREDPULSE_SCHEDULER=false: schedules are kept but nothing runs.'),
    running: z.boolean().describe('The job scheduler (pg-boss) started on this server.'),
    deliveryDir: z.string(),
    email: z.boolean().describe('True when SMTP_URL is set: deliveries are also e-mailed.'),
    everyMinuteAllowed: z.boolean(),
  })
  .meta({ id: 'SchedulerStatus' });
export type SchedulerStatus = z.infer<typeof SchedulerStatus>;
