import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DASHBOARD_VIEWS, VIEW_SHEETS, type DashboardView, type ScheduleTarget } from '@credpulse/contracts';
import nodemailer from 'nodemailer';
import { ExportService } from '../export/export.service.js';
import { reportWorkbook, writeBuiltWorkbook, type BuiltWorkbook } from '../export/workbook.js';
import { programReportPdf, regionReportPdf } from '../reports/report.pdf.js';
import { ReportsService } from '../reports/reports.service.js';
import type { StoredSavedView } from './schedules.repository.js';
import { viewPdf } from './view.pdf.js';

/**
 * A target a schedule can render directly (a saved view is resolved to one of these when it runs).
 * `peers` is reached through a saved view of /peers only (its filters: region, peers, from, to).
 */
export type RenderTarget = Exclude<ScheduleTarget, { kind: 'saved-view' }> | { kind: 'peers'; filters: Record<string, string> };

/**
 * A saved view as a render target: its dashboard view with the filters that view's charts take, or
 * its report. Null (with the reason) when the saved view is gone or shows something no delivery has.
 */
export function resolveSavedView(id: number, v: StoredSavedView | undefined): { target: RenderTarget; name: string; shared: boolean } | { target: null; reason: string } {
  if (!v) return { target: null, reason: `saved view ${id} does not exist` };
  const q = new URLSearchParams(v.query);
  const pick = (keys: readonly string[]) => Object.fromEntries(keys.filter((k) => q.get(k)).map((k) => [k, q.get(k) as string]));
  const seg = v.path.replace(/^\/+|\/+$/g, '') || 'overview';
  const report = /^reports\/(region|program)\/(.+)$/.exec(seg);
  if (report?.[1] === 'region') return { name: v.name, shared: v.shared, target: { kind: 'region-report', region: decodeURIComponent(report[2]), ...pick(['from', 'to']) } };
  if (report?.[1] === 'program') {
    if (!/^\d{2}\.\d{4}$/.test(report[2])) return { target: null, reason: `saved view ${id} shows a CIP family or series (${report[2]}); a scheduled program report needs one 6-digit program` };
    return { name: v.name, shared: v.shared, target: { kind: 'program-report', cip: report[2], ...pick(['region', 'from', 'to']) } };
  }
  if (seg === 'peers') {
    if (!q.get('region') || q.get('region') === 'us') return { target: null, reason: `saved view ${id} shows the peers view without a region; peers compare a region with others` };
    return { name: v.name, shared: v.shared, target: { kind: 'peers', filters: pick(['region', 'peers', 'from', 'to']) } };
  }
  if ((DASHBOARD_VIEWS as readonly string[]).includes(seg)) {
    const view = seg as DashboardView;
    return { name: v.name, shared: v.shared, target: { kind: 'view', view, filters: pick([...new Set(VIEW_SHEETS[view].flatMap((s) => s.filters))]) } };
  }
  return { target: null, reason: `saved view ${id} shows ${v.path}, which has no PDF or workbook delivery (views, region and program reports do)` };
}

export interface Rendered {
  /** File name stem: credpulse_<what>_<period>. */
  stem: string;
  pdf: Buffer;
  workbook: BuiltWorkbook;
}

/** Renders the PDF and the workbook of a target with the same services as the API (disclosure control included). */
export async function render(target: RenderTarget, reports: ReportsService, exports: ExportService): Promise<Omit<Rendered, 'stem'> & { what: string }> {
  switch (target.kind) {
    case 'region-report': {
      const r = await reports.region(target.region, { ...(target.from ? { from: target.from } : {}), ...(target.to ? { to: target.to } : {}) });
      return { what: `region-report_${target.region}`, pdf: await regionReportPdf(r), workbook: reportWorkbook(r) };
    }
    case 'program-report': {
      const r = await reports.program(target.cip, { ...(target.region ? { region: target.region } : {}), ...(target.from ? { from: target.from } : {}), ...(target.to ? { to: target.to } : {}) });
      return { what: `program-report_${target.cip}`, pdf: await programReportPdf(r), workbook: reportWorkbook(r) };
    }
    case 'view': {
      const wb = await exports.viewWorkbook(target.view, { ...target.filters, format: 'xlsx' });
      return { what: `view-${target.view}${target.filters.region ? `_${target.filters.region}` : ''}`, pdf: await viewPdf(wb), workbook: wb };
    }
    case 'peers': {
      const wb = await exports.viewWorkbook('peers', { ...target.filters, format: 'xlsx' });
      return { what: `peers_${target.filters.region}`, pdf: await viewPdf(wb), workbook: wb };
    }
  }
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * Writes the two files of one delivery into <deliveryDir>/schedule-<id>/<period>/ under fixed names:
 * each through a temporary file renamed into place, so a retry or a crash never leaves a second copy
 * or a half-written file under the final name. Returns the paths relative to the delivery folder.
 */
export async function writeDelivery(deliveryDir: string, scheduleId: number, periodKey: string, what: string, pdf: Buffer, workbook: BuiltWorkbook): Promise<string[]> {
  const rel = join(`schedule-${scheduleId}`, fileSafe(periodKey));
  const dir = join(deliveryDir, rel);
  await mkdir(dir, { recursive: true });
  const stem = fileSafe(`credpulse_${what}_${periodKey}`);
  const pdfName = `${stem}.pdf`;
  const xlsxName = `${stem}.xlsx`;
  await writeFile(join(dir, `.${pdfName}.tmp`), pdf);
  await rename(join(dir, `.${pdfName}.tmp`), join(dir, pdfName));
  const tmp = join(dir, `.${xlsxName}.tmp`);
  try {
    const out = createWriteStream(tmp);
    await writeBuiltWorkbook(out, workbook);
    out.end();
    await finished(out);
    await rename(tmp, join(dir, xlsxName));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return [join(rel, pdfName), join(rel, xlsxName)];
}

/** E-mails the delivery's files (attachments) through SMTP_URL. */
export async function mailDelivery(smtpUrl: string, from: string, to: string[], subject: string, text: string, files: { name: string; path: string }[]): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    await transport.sendMail({ from, to, subject, text, attachments: files.map((f) => ({ filename: f.name, path: f.path })) });
  } finally {
    transport.close();
  }
}
