import { basename, join } from 'node:path';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import PgBoss from 'pg-boss';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { ExportService } from '../export/export.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { periodKey } from './periods.js';
import { mailDelivery, render, resolveSavedView, writeDelivery, type RenderTarget } from './schedule.delivery.js';
import { SchedulesRepository } from './schedules.repository.js';

const TICK = 'credpulse-schedule-tick';
const RUN = 'credpulse-report-run';
/** A 'running' run older than this is taken to belong to a runner that died, and is taken over. */
const LEASE_SECONDS = 300;
/** Tries of one period: the first and pg-boss's 3 retries (with backoff). */
const RETRIES = 3;
const MAX_ATTEMPTS = RETRIES + 1;

interface RunJob {
  scheduleId: number;
  periodKey: string;
}

/**
 * Scheduled reports on pg-boss: a cron job (every minute, deduplicated by pg-boss across servers)
 * looks for schedules whose current period is not delivered and queues one run job per (schedule,
 * period); the run job claims the period in report_run (unique per schedule and period), renders
 * the PDF and the workbook into the delivery folder, e-mails them when SMTP_URL is set, and is
 * retried with backoff when it fails. pg-boss shares the app's pg pool (its `db` option), which is
 * how it runs on the embedded PGlite as well, whose socket serves one connection.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Scheduler');
  private boss: PgBoss | undefined;
  /** Set once pg-boss has stopped: its late statements no longer reach the pool (see jobDatabase). */
  private stopped = false;

  constructor(
    private readonly repo: SchedulesRepository,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get running(): boolean {
    return this.boss !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.schedules;
    if (!cfg?.enabled) return;
    const poll = cfg.pollSeconds;
    const boss = new PgBoss({
      db: this.repo.jobDatabase(() => this.stopped),
      schema: 'pgboss',
      // the cron is read every `poll` seconds; maintenance (expiry, archive) once a minute
      cronMonitorIntervalSeconds: Math.max(1, Math.round(poll)),
      cronWorkerIntervalSeconds: Math.max(1, Math.round(poll)),
      clockMonitorIntervalSeconds: 600,
      maintenanceIntervalSeconds: 60,
      monitorStateIntervalSeconds: 300,
    });
    boss.on('error', (e: Error) => this.log.warn(`job scheduler: ${e.message}`));
    await boss.start();
    await boss.createQueue(TICK, { name: TICK, policy: 'standard' });
    await boss.createQueue(RUN, { name: RUN, policy: 'standard', retryLimit: RETRIES, retryDelay: Math.max(1, Math.round(poll)), retryBackoff: true, expireInSeconds: LEASE_SECONDS });
    await boss.schedule(TICK, '* * * * *', {}, { tz: 'UTC' });
    await boss.work(TICK, { pollingIntervalSeconds: poll }, async () => this.tick());
    await boss.work<RunJob>(RUN, { pollingIntervalSeconds: poll }, async (jobs) => {
      // a job fetched as the server stops is left for its lease to expire and a retry to deliver
      for (const j of jobs) if (!this.stopped) await this.run(j.data);
    });
    this.boss = boss;
    // a server that was down at the turn of a period delivers it as soon as it is back
    await this.nudge();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // graceful: a run in progress finishes (or is retried after its lease) before the pool closes
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 }).catch((e: Error) => this.log.warn(`stopping the job scheduler: ${e.message}`));
    this.stopped = true;
  }

  /** Looks for due periods now (after a start, and when a schedule is created) instead of at the next minute. */
  async nudge(): Promise<void> {
    await this.boss?.send(TICK, {}, { retryLimit: 0 });
  }

  /** Queues a run for every enabled schedule whose current period is not delivered yet. */
  async tick(now = new Date()): Promise<number> {
    const boss = this.boss;
    if (!boss) return 0;
    const due = (await this.repo.enabled()).map((s) => ({ id: s.id, key: periodKey(s.period, now) }));
    // a period that failed every retry is not queued again each minute: the admin view shows its error
    const done = await this.repo.settled(due, MAX_ATTEMPTS);
    let queued = 0;
    for (const d of due) {
      if (done.has(`${d.id}:${d.key}`)) continue;
      // the queue may hold the same (schedule, period) twice (two ticks, two servers): the claim in
      // report_run lets only one of them render
      await boss.send(RUN, { scheduleId: d.id, periodKey: d.key } satisfies RunJob, { singletonKey: `${d.id}:${d.key}` });
      queued++;
    }
    return queued;
  }

  /** One delivery: claim the period, render, write, mail, mark done; a failure is recorded and rethrown for pg-boss to retry. */
  async run(job: RunJob): Promise<void> {
    const cfg = this.config.schedules!;
    const schedule = await this.repo.schedule(job.scheduleId);
    if (!schedule) return; // deleted or disabled since it was queued
    const claim = await this.repo.claim(job.scheduleId, job.periodKey, LEASE_SECONDS);
    if (!claim) return; // delivered, or another runner has it
    try {
      let target: RenderTarget;
      if (schedule.target.kind === 'saved-view') {
        const r = resolveSavedView(schedule.target.savedViewId, await this.repo.savedView(schedule.target.savedViewId));
        if (!r.target) throw new Error(r.reason);
        target = r.target;
      } else target = schedule.target;
      const reports = this.moduleRef.get(ReportsService, { strict: false });
      const exports = this.moduleRef.get(ExportService, { strict: false });
      const { what, pdf, workbook } = await render(target, reports, exports);
      const files = await writeDelivery(cfg.deliveryDir, schedule.id, job.periodKey, what, pdf, workbook);
      if (cfg.smtpUrl && schedule.recipients.length && !claim.emailed) {
        await mailDelivery(
          cfg.smtpUrl,
          cfg.mailFrom,
          schedule.recipients,
          `Credential Pulse: ${schedule.name} (${job.periodKey})`,
          `${schedule.name}, delivery for ${job.periodKey}.\n\nAttached: the PDF and the workbook (a sheet per chart or section, and a Provenance sheet with the filters, data as of, method versions and suppression notes).\n\n${workbook.provenance.title}\nData as of ${workbook.provenance.dataAsOf ?? 'n/a'}.\n`,
          files.map((f) => ({ name: basename(f), path: join(cfg.deliveryDir, f) })),
        );
        await this.repo.emailed(claim.id, schedule.recipients);
      }
      await this.repo.done(claim.id, files);
      this.log.log(`schedule ${schedule.id} delivered ${job.periodKey}: ${files.join(', ')}`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      await this.repo.failed(claim.id, msg).catch(() => undefined);
      this.log.warn(`schedule ${schedule.id} ${job.periodKey} failed (try ${claim.attempts}): ${msg}`);
      throw e;
    }
  }
}
