import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import smtp from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../apps/api/src/config/config.js';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { SchedulerService } from '../../apps/api/src/modules/schedules/scheduler.service.js';
import { loadExportFixture } from './export-records.fixture.js';
import { openTestDataSource, truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A board gets its report every period without logging in: a schedule renders the PDF and the
// workbook into the delivery folder and e-mails them (to a real SMTP server started here on
// loopback). Set to every minute, it delivers exactly once per minute, also across a restart of the
// server (the scheduler is stopped and started with it; the period is claimed in report_run).

interface Mail {
  to: string[];
  raw: string;
}

/** Waits (polling, no fixed sleep) until `ok` holds, for at most `ms`. */
async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, ms = 100_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function deliveredFiles(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of readdirSync(dir)) for (const p of readdirSync(join(dir, s))) out.set(`${s}/${p}`, readdirSync(join(dir, s, p)).sort());
  return out;
}

describe('scheduled reports', () => {
  let t: TestApp;
  let dir: string;
  let server: InstanceType<typeof smtp.SMTPServer>;
  const mails: Mail[] = [];
  let schedules: AppConfig['schedules'];
  let analyst: string;

  beforeAll(async () => {
    server = new smtp.SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'credpulse-deliveries-'));
    schedules = { enabled: true, deliveryDir: dir, everyMinute: true, pollSeconds: 1, smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Credential Pulse <pulse@example.org>' };
    // Other spec files sharing this database leave schedules behind (the authorization matrix creates
    // monthly ones): clear them before a scheduler starts here, or it delivers their period into this
    // folder before the truncate below.
    const pre = await openTestDataSource();
    await pre.query(`DO $$ BEGIN IF to_regclass('report_schedule') IS NOT NULL THEN TRUNCATE report_schedule, report_run, saved_view CASCADE; END IF; END $$`).finally(() => pre.destroy());
    t = await startTestApp({ schedules });
    await truncateFacts(t.ds);
    await t.ds.query(`TRUNCATE report_schedule, report_run, saved_view CASCADE`);
    await loadExportFixture(t.ds, 60);
    await refreshRollups(t.ds);
    analyst = await t.apiKey('analyst');
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runs = async () => (await t.http().get('/api/schedules/runs').set('X-API-Key', analyst).expect(200)).body as { scheduleId: number; periodKey: string; status: string; attempts: number; files: string[]; emailedTo: string[]; error: string | null }[];

  it('a schedule with an invalid period, a 10 KB name, no target or a bad address: 400 problem+json naming the field', async () => {
    const ok = { name: 'Board pack', period: 'monthly', target: { kind: 'region-report', region: 'state:06' } };
    for (const [body, field, pointer] of [
      [{ ...ok, period: 'weekly' }, 'period', '/period'],
      [{ ...ok, period: 3 }, 'period', '/period'],
      [{ ...ok, period: undefined }, 'period', '/period'],
      [{ ...ok, name: 'x'.repeat(10_240) }, 'name', '/name'],
      [{ ...ok, target: undefined }, 'target', '/target'],
      [{ ...ok, target: { kind: 'region-report', region: 'state:6' } }, 'target.region', '/target/region'],
      [{ ...ok, target: { kind: 'view', view: 'recognition', filters: { cip: '51' } } }, 'target.filters/cip', '/target/filters/cip'],
      [{ ...ok, target: { kind: 'saved-view', savedViewId: 999_999 } }, 'target.savedViewId', '/target/savedViewId'],
      [{ ...ok, recipients: ['not an address'] }, 'recipients', '/recipients/0'],
    ] as const) {
      const res = await t.http().post('/api/schedules').set('X-API-Key', analyst).send(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0]).toMatchObject({ field, pointer });
    }
    expect((await t.http().get('/api/schedules').set('X-API-Key', analyst).expect(200)).body).toEqual([]);
  });

  it('every minute: exactly one PDF and one workbook per period, one e-mail each, across a server restart', async () => {
    // a saved view (the recognition view of California) and a region report, both every minute
    const view = await t.http().post('/api/saved-views').set('X-API-Key', analyst).send({ name: 'CA recognition', path: '/recognition', query: 'region=state:06&from=2025-01&to=2025-12' }).expect(201);
    const a = await t.http().post('/api/schedules').set('X-API-Key', analyst).send({ name: 'CA recognition monthly', period: 'every-minute', target: { kind: 'saved-view', savedViewId: view.body.id }, recipients: ['board@example.org'] });
    expect(a.status).toBe(201);
    const b = await t.http().post('/api/schedules').set('X-API-Key', analyst).send({ name: 'CA report', period: 'every-minute', target: { kind: 'region-report', region: 'state:06', from: '2025-01', to: '2025-12' }, recipients: ['dean@example.org', 'board@example.org'] });
    expect(b.status).toBe(201);
    const ids = [a.body.id as number, b.body.id as number];

    // first period delivered for both
    const first = await until('the first deliveries', runs, (r) => ids.every((id) => r.some((x) => x.scheduleId === id && x.status === 'done')));
    const p1 = first.find((x) => x.scheduleId === ids[0])!.periodKey;

    // restart the server within (or just after) that period: the scheduler stops with it and starts again
    await t.close();
    t = await startTestApp({ schedules });
    analyst = await t.apiKey('analyst');
    // a run job for a delivered period (a duplicate in the queue, a second server): nothing happens
    const before = deliveredFiles(dir);
    const mtimes = [...before].flatMap(([d, files]) => files.map((f) => statSync(join(dir, d, f)).mtimeMs));
    const mailsBefore = mails.length;
    await t.app.get(SchedulerService).run({ scheduleId: ids[0], periodKey: p1 });
    expect([...before].flatMap(([d, files]) => files.map((f) => statSync(join(dir, d, f)).mtimeMs))).toEqual(mtimes);
    expect(mails.length).toBe(mailsBefore);

    // the next minute is delivered by the restarted server
    const later = await until('a delivery after the restart', runs, (r) => ids.every((id) => r.some((x) => x.scheduleId === id && x.status === 'done' && x.periodKey > p1)));

    // stop new periods (a run in flight finishes) so the folder can be compared with the runs at rest
    await t.ds.query(`UPDATE report_schedule SET enabled = false`);
    const settled = await until('no run in flight', runs, (r) => r.every((x) => x.status !== 'running'), 60_000);
    expect(settled.length).toBeGreaterThanOrEqual(later.filter((r) => r.status === 'done').length);

    // exactly one run per (schedule, period), each done on its first try, each with one PDF and one workbook
    const all = settled;
    const keys = all.map((r) => `${r.scheduleId}:${r.periodKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.every((r) => r.status === 'done' && r.attempts === 1 && r.error === null)).toBe(true);
    expect(new Set(all.filter((r) => r.scheduleId === ids[0]).map((r) => r.periodKey)).size).toBeGreaterThanOrEqual(2);
    const folder = (r: { scheduleId: number; periodKey: string }) => `schedule-${r.scheduleId}/${r.periodKey.replace(/:/g, '-')}`;
    const files = deliveredFiles(dir);
    // a folder for every run and a run for every folder of these schedules; in each, one PDF and one
    // workbook, no temporary file
    const ours = [...files.keys()].filter((k) => ids.some((id) => k.startsWith(`schedule-${id}/`)));
    expect(ours.sort()).toEqual(all.filter((r) => ids.includes(r.scheduleId)).map(folder).sort());
    for (const r of all) {
      const inDir = files.get(folder(r))!;
      expect(inDir.filter((f) => f.endsWith('.pdf')), folder(r)).toHaveLength(1);
      expect(inDir.filter((f) => f.endsWith('.xlsx')), folder(r)).toHaveLength(1);
      expect(inDir, folder(r)).toHaveLength(2);
      expect(r.files.map((f) => f.split('/').pop()).sort()).toEqual(inDir);
    }

    // the deliveries are real: a PDF, and a workbook with the view's sheets and provenance
    const run = all.find((r) => r.scheduleId === ids[0])!;
    const pdf = readFileSync(join(dir, run.files.find((f) => f.endsWith('.pdf'))!));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const book = (await readXlsxFile(readFileSync(join(dir, run.files.find((f) => f.endsWith('.xlsx'))!)))) as { sheet: string; data: unknown[][] }[];
    expect(book.map((s) => s.sheet)).toEqual(['Recognition by industry', 'Credentials named', 'Provenance']);
    expect(book[2].data.find((r) => r[0] === 'Filter: region')?.[1]).toBe('state:06');

    // one e-mail per delivered period and schedule, to its recipients, with both files attached
    const done = await runs();
    const delivered = done.filter((r) => r.status === 'done');
    await until('the e-mails', async () => mails.length, (n) => n >= delivered.length, 10_000);
    expect(mails.length).toBe(delivered.length);
    for (const r of delivered) {
      const mail = mails.filter((m) => m.raw.includes(`(${r.periodKey})`) && m.raw.includes(r.files[0].split('/').pop()!));
      expect(mail, `${r.scheduleId} ${r.periodKey}`).toHaveLength(1);
      expect(mail[0].to.sort()).toEqual([...r.emailedTo].sort());
      expect(mail[0].raw).toMatch(/filename="?credpulse_[^"\s]+\.pdf/);
      expect(mail[0].raw).toMatch(/filename="?credpulse_[^"\s]+\.xlsx/);
    }

    // the admin view's list: each schedule with its last run
    const list = (await t.http().get('/api/schedules').set('X-API-Key', analyst).expect(200)).body as { id: number; lastRun: { status: string } | null }[];
    expect(list.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(list.every((s) => s.lastRun !== null)).toBe(true);
  }, 240_000);
});
