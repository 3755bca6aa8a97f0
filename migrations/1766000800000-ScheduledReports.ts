import type { MigrationInterface, QueryRunner } from 'typeorm';

// Scheduled reports (issue 17): what to render and how often, and one row per delivered period.
// UNIQUE (schedule_id, period_key) is what makes a period deliver once, whatever the job queue does
// (a retry, a second server, a restart): the runner claims the row before it renders.
// The job queue itself (pg-boss) keeps its own tables in the schema pgboss, created by pg-boss.
export class ScheduledReports1766000800000 implements MigrationInterface {
  name = 'ScheduledReports1766000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_schedule (
        id serial PRIMARY KEY,
        name text NOT NULL,
        period text NOT NULL CHECK (period IN ('monthly', 'quarterly', 'every-minute')),
        target jsonb NOT NULL,
        recipients text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE report_run (
        id bigserial PRIMARY KEY,
        schedule_id integer NOT NULL REFERENCES report_schedule(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        finished_at timestamptz,
        files text[] NOT NULL DEFAULT '{}',
        emailed_to text[] NOT NULL DEFAULT '{}',
        emailed_at timestamptz,
        error text,
        CONSTRAINT report_run_once_per_period UNIQUE (schedule_id, period_key)
      );
      CREATE INDEX report_run_recent ON report_run (started_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_run; DROP TABLE report_schedule;`);
  }
}
