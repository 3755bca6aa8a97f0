import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { Schedule, ScheduleInput, ScheduleRun, ScheduleTarget } from '@credpulse/contracts';

interface RunRow {
  id: string;
  schedule_id: number;
  schedule_name: string;
  period_key: string;
  status: ScheduleRun['status'];
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  files: string[];
  emailed_to: string[];
  error: string | null;
}

const RUN_COLUMNS = `r.id, r.schedule_id, s.name AS schedule_name, r.period_key, r.status, r.attempts, r.started_at, r.finished_at, r.files, r.emailed_to, r.error`;

const toRun = (r: RunRow): ScheduleRun => ({
  id: Number(r.id),
  scheduleId: r.schedule_id,
  scheduleName: r.schedule_name,
  periodKey: r.period_key,
  status: r.status,
  attempts: r.attempts,
  startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  files: r.files,
  emailedTo: r.emailed_to,
  error: r.error,
});

export interface StoredSchedule {
  id: number;
  name: string;
  period: Schedule['period'];
  target: ScheduleTarget;
  recipients: string[];
}

/** A saved view as a schedule reads it (its page and query string). */
export interface StoredSavedView {
  name: string;
  path: string;
  query: string;
  shared: boolean;
}

/** A run claimed by this runner: it alone renders the period until it finishes or its lease ends. */
export interface ClaimedRun {
  id: number;
  attempts: number;
  emailed: boolean;
}

@Injectable()
export class SchedulesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The database pg-boss runs its SQL on: the app's pg pool (pg-boss's `db` option), which is how it
   * runs on the embedded PGlite as well, whose socket serves one connection.
   *
   * Once `stopped()` is true (pg-boss has been stopped and the app's pool is about to close),
   * statements answer no rows without touching the pool: pg-boss 10 does not await the complete()
   * or fail() of a job whose fetch was in flight when it stopped, so a query on the closed pool
   * became an unhandled rejection. Such a job stays active in pg-boss and is retried after its
   * lease; the claim in report_run keeps its period delivered once.
   */
  jobDatabase(stopped: () => boolean): { executeSql: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> } {
    const pool = (this.ds.driver as unknown as { master: pg.Pool }).master;
    return { executeSql: async (text, values) => (stopped() ? { rows: [] } : pool.query(text, values)) };
  }

  async savedView(id: number): Promise<StoredSavedView | undefined> {
    const [v] = await this.ds.query(`SELECT name, path, query, shared FROM saved_view WHERE id = $1`, [id]);
    return v;
  }

  async list(): Promise<Schedule[]> {
    const rows: (StoredSchedule & { enabled: boolean; created_by: string; created_at: Date; last: RunRow | null })[] = await this.ds.query(
      `SELECT s.id, s.name, s.period, s.target, s.recipients, s.enabled, s.created_by, s.created_at,
              (SELECT to_jsonb(x) FROM (SELECT ${RUN_COLUMNS} FROM report_run r WHERE r.schedule_id = s.id ORDER BY r.started_at DESC NULLS LAST, r.id DESC LIMIT 1) x) AS last
         FROM report_schedule s ORDER BY s.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      period: r.period,
      target: r.target,
      recipients: r.recipients,
      enabled: r.enabled,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at).toISOString(),
      lastRun: r.last ? toRun(r.last) : null,
    }));
  }

  async get(id: number): Promise<Schedule | null> {
    return (await this.list()).find((s) => s.id === id) ?? null;
  }

  async create(input: Required<ScheduleInput>, actor: string): Promise<number> {
    const [row] = await this.ds.query(`INSERT INTO report_schedule(name, period, target, recipients, enabled, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
      input.name,
      input.period,
      JSON.stringify(input.target),
      input.recipients,
      input.enabled,
      actor,
    ]);
    return row.id;
  }

  async remove(id: number): Promise<boolean> {
    const rows = await this.ds.query(`DELETE FROM report_schedule WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  async enabled(): Promise<StoredSchedule[]> {
    return this.ds.query(`SELECT id, name, period, target, recipients FROM report_schedule WHERE enabled ORDER BY id`);
  }

  async schedule(id: number): Promise<StoredSchedule | null> {
    const [row] = await this.ds.query(`SELECT id, name, period, target, recipients FROM report_schedule WHERE id = $1 AND enabled`, [id]);
    return row ?? null;
  }

  /** Periods settled, of the given (schedule, period) pairs: delivered, or failed `maxAttempts` times. */
  async settled(pairs: { id: number; key: string }[], maxAttempts: number): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    const rows: { schedule_id: number; period_key: string }[] = await this.ds.query(
      `SELECT schedule_id, period_key FROM report_run WHERE (status = 'done' OR (status = 'failed' AND attempts >= $3)) AND (schedule_id, period_key) IN (SELECT * FROM unnest($1::int[], $2::text[]))`,
      [pairs.map((p) => p.id), pairs.map((p) => p.key), maxAttempts],
    );
    return new Set(rows.map((r) => `${r.schedule_id}:${r.period_key}`));
  }

  /**
   * Takes the period for this runner: a new row, or one that failed, or one whose runner died (a
   * 'running' row older than the lease). Nothing when it is delivered or another runner holds it.
   * The unique key (schedule_id, period_key) makes this the one place a period is decided.
   */
  async claim(scheduleId: number, periodKey: string, leaseSeconds: number): Promise<ClaimedRun | null> {
    const rows: { id: string; attempts: number; emailed: boolean }[] = await this.ds.query(
      `INSERT INTO report_run(schedule_id, period_key, status, attempts, started_at) VALUES ($1, $2, 'running', 1, now())
       ON CONFLICT ON CONSTRAINT report_run_once_per_period DO UPDATE
         SET status = 'running', attempts = report_run.attempts + 1, started_at = now(), finished_at = NULL, error = NULL
         WHERE report_run.status = 'failed' OR (report_run.status = 'running' AND report_run.started_at < now() - make_interval(secs => $3))
       RETURNING id, attempts, emailed_at IS NOT NULL AS emailed`,
      [scheduleId, periodKey, leaseSeconds],
    );
    return rows[0] ? { id: Number(rows[0].id), attempts: rows[0].attempts, emailed: rows[0].emailed } : null;
  }

  async emailed(runId: number, to: string[]): Promise<void> {
    await this.ds.query(`UPDATE report_run SET emailed_to = $2, emailed_at = now() WHERE id = $1`, [runId, to]);
  }

  async done(runId: number, files: string[]): Promise<void> {
    await this.ds.query(`UPDATE report_run SET status = 'done', files = $2, finished_at = now(), error = NULL WHERE id = $1`, [runId, files]);
  }

  async failed(runId: number, error: string): Promise<void> {
    await this.ds.query(`UPDATE report_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, error.slice(0, 2000)]);
  }

  async runs(limit: number, scheduleId?: number): Promise<ScheduleRun[]> {
    const rows: RunRow[] = await this.ds.query(
      `SELECT ${RUN_COLUMNS} FROM report_run r JOIN report_schedule s ON s.id = r.schedule_id
        WHERE $2::int IS NULL OR r.schedule_id = $2 ORDER BY r.started_at DESC NULLS LAST, r.id DESC LIMIT $1`,
      [limit, scheduleId ?? null],
    );
    return rows.map(toRun);
  }

  async audit(actor: { name: string; role: string }, action: string, detail: string): Promise<void> {
    await this.ds.query(`INSERT INTO audit_log(actor, role, action, detail) VALUES ($1, $2, $3, $4)`, [actor.name, actor.role, action, detail]);
  }
}
