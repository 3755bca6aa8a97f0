import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DASHBOARD_VIEWS, EXPORT_FORMATS, RECORD_DATASETS, VIEW_SHEETS, XLSX_MAX_ROWS, type DashboardView, type ExportFormat, type RecordDataset, type Role } from '@credpulse/contracts';
import { badParameter, Problem } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { MetaService, type DataMeta } from '../../core/meta.service.js';
import { APP_CONFIG, DATABASE_HANDLE } from '../../core/tokens.js';
import type { DatabaseHandle } from '../../database/database.js';
import { roleAtLeast } from '../auth/roles.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { METRIC_DATASET_DEFS } from './datasets/metric.datasets.js';
import { RECORD_DATASET_DEFS } from './datasets/record.datasets.js';
import { prepareMetricExport, prepareRecordExport, type PreparedExport } from './export.runner.js';
import { parseExportFilters } from './queries/export-filters.js';
import { PeersService } from '../peers/peers.service.js';
import { metricWorkbook, peersWorkbook, type BuiltWorkbook } from './workbook.js';

export const EXPORT_DATASETS: readonly string[] = [...RECORD_DATASETS, ...Object.keys(METRIC_DATASET_DEFS)];
/** Query parameters of an export besides the filters. */
export const EXPORT_OPTIONS = ['format', 'bundle'] as const;

export function isRecordDataset(dataset: string): dataset is RecordDataset {
  return (RECORD_DATASETS as readonly string[]).includes(dataset);
}

/** Validates dataset and format; 400 naming the allowed values otherwise. */
export function checkDatasetAndFormat(dataset: string, format: unknown): ExportFormat {
  if (!EXPORT_DATASETS.includes(dataset)) throw badParameter('dataset', `Unknown export dataset "${dataset}".`, EXPORT_DATASETS, dataset);
  if (format === undefined || format === '') throw badParameter('format', 'Parameter "format" is required.', EXPORT_FORMATS);
  if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw badParameter('format', `Unknown export format "${String(format)}".`, EXPORT_FORMATS, String(format));
  }
  return format as ExportFormat;
}

export function recordExportsDisabled(): Problem {
  return new Problem(
    HttpStatus.FORBIDDEN,
    'Record-level exports disabled',
    'Record-level exports (postings, posting-skills, posting-credentials, awards, outcomes) are off on this server. ' +
      'An administrator can enable them by setting CREDPULSE_RECORD_EXPORTS=true and restarting; they are then open to the researcher role and every one is written to the audit log. ' +
      'Aggregated metric exports stay available.',
  );
}

/** Checks the request and prepares the export (row count included) before any byte is sent. */
export async function prepareExport(
  ds: DataSource,
  config: AppConfig,
  meta: DataMeta,
  dataset: string,
  query: Record<string, unknown>,
  role: Role | null,
  actor: { name: string; role: string },
  purpose: 'export' | 'meta' = 'export',
  spool = false,
): Promise<PreparedExport> {
  const format = checkOptions(dataset, query);
  const filters = parseExportFilters(query, EXPORT_OPTIONS);
  if (!isRecordDataset(dataset)) throw badParameter('dataset', `Unknown export dataset "${dataset}".`, EXPORT_DATASETS, dataset);
  if (!config.recordExports) throw recordExportsDisabled();
  if (role === null) throw new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', 'Sign in or send an API key: record-level exports require the researcher role.');
  if (!roleAtLeast(role, 'researcher')) throw new Problem(HttpStatus.FORBIDDEN, 'Forbidden', `Record-level exports require the researcher role; you have ${role}.`);
  return prepareRecordExport(ds, RECORD_DATASET_DEFS[dataset], { format, filters, meta, k: config.k, actor, purpose, spool });
}

/** Validates the export options common to every dataset; returns the format. */
function checkOptions(dataset: string, query: Record<string, unknown>): ExportFormat {
  const format = checkDatasetAndFormat(dataset, query.format);
  const bundle = query.bundle;
  if (bundle !== undefined && bundle !== 'zip') throw badParameter('bundle', `Unknown bundle "${String(bundle)}".`, ['zip']);
  if (bundle === 'zip' && format !== 'csv') throw badParameter('bundle', 'bundle=zip packs a CSV with its .meta.json; use it with format=csv.', ['zip']);
  return format;
}

/**
 * Counts record-level exports in flight, per user and in total: each holds a database connection
 * (PostgreSQL) or a temporary file while it streams, so a few users cannot take the whole pool.
 */
export class ExportSlots {
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly maxPerUser: number,
    private readonly maxTotal: number,
  ) {}

  /** Takes a slot or throws 429 problem+json; the returned function gives it back (once). */
  acquire(user: string): () => void {
    const mine = this.perUser.get(user) ?? 0;
    if (mine >= this.maxPerUser || this.total >= this.maxTotal) {
      const why =
        mine >= this.maxPerUser
          ? `you already have ${mine} record-level export(s) running (at most ${this.maxPerUser} per user, CREDPULSE_EXPORTS_PER_USER)`
          : `the server is already sending ${this.total} record-level exports (at most ${this.maxTotal}, CREDPULSE_EXPORTS_TOTAL)`;
      throw new Problem(HttpStatus.TOO_MANY_REQUESTS, 'Too many requests', `Try again when one has finished: ${why}.`).withHeader('Retry-After', '10');
    }
    this.total++;
    this.perUser.set(user, mine + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.total--;
      const n = (this.perUser.get(user) ?? 1) - 1;
      if (n <= 0) this.perUser.delete(user);
      else this.perUser.set(user, n);
    };
  }

  get running(): number {
    return this.total;
  }
}

/** The export with its slot given back when the body is written, fails, or is cancelled. */
function holdingSlot(p: PreparedExport, free: () => void): PreparedExport {
  return {
    provenance: p.provenance,
    writeTo: (out) => p.writeTo(out).finally(free),
    cancel: () => p.cancel().finally(free),
  };
}

@Injectable()
export class ExportService {
  readonly slots: ExportSlots;

  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    private readonly filters: FilterService,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle,
  ) {
    this.slots = new ExportSlots(config.exportsPerUser ?? 2, config.exportsTotal ?? 4);
  }

  catalogue(): { formats: readonly string[]; datasets: { name: string; recordLevel: boolean; enabled: boolean }[] } {
    return {
      formats: EXPORT_FORMATS,
      datasets: EXPORT_DATASETS.map((name) => ({ name, recordLevel: isRecordDataset(name), enabled: !isRecordDataset(name) || this.config.recordExports })),
    };
  }

  /**
   * Prepares any dataset: a metric view (metrics/<name>: the same service, filters and disclosure
   * control as GET /api/metrics/<name>) or a record-level table.
   */
  async prepare(dataset: string, query: Record<string, unknown>, role: Role | null, actor: { name: string; role: string }, purpose: 'export' | 'meta' = 'export'): Promise<PreparedExport> {
    const metric = METRIC_DATASET_DEFS[dataset];
    if (!metric) {
      // the provenance alone holds nothing while it is sent: no slot needed
      if (purpose === 'meta') return prepareExport(this.ds, this.config, await this.meta.get(), dataset, query, role, actor, purpose);
      checkOptions(dataset, query);
      const free = isRecordDataset(dataset) && this.config.recordExports && role !== null && roleAtLeast(role, 'researcher') ? this.slots.acquire(actor.name) : () => undefined;
      try {
        const spool = this.handle.mode === 'embedded';
        const prepared = await prepareExport(this.ds, this.config, await this.meta.get(), dataset, query, role, actor, purpose, spool);
        if (prepared.provenance.format === 'xlsx' && prepared.provenance.rowCount > XLSX_MAX_ROWS) {
          await prepared.cancel();
          throw badParameter(
            'format',
            `This export has ${prepared.provenance.rowCount.toLocaleString('en-US')} rows; a worksheet holds at most ${XLSX_MAX_ROWS.toLocaleString('en-US')}. Narrow the filters or use format=csv, parquet or arrow.`,
            ['csv', 'parquet', 'arrow'],
          );
        }
        return holdingSlot(prepared, free);
      } catch (e) {
        free();
        throw e;
      }
    }
    const format = checkOptions(dataset, query);
    const rest = Object.fromEntries(Object.entries(query).filter(([key]) => !(EXPORT_OPTIONS as readonly string[]).includes(key)));
    const parsed = await this.filters.parse(rest, metric.spec);
    const response = await this.moduleRef.get(metric.service, { strict: false }).compute(parsed);
    return prepareMetricExport(dataset, metric.name, response, { format, filters: { echo: {} }, meta: await this.meta.get(), k: this.config.k });
  }

  /**
   * A dashboard view as one workbook: each chart's metric request (VIEW_SHEETS, as the page makes
   * it) computed by the metric's own service, so each sheet is what the chart shows, suppressed alike.
   */
  async viewWorkbook(view: string, query: Record<string, unknown>): Promise<BuiltWorkbook> {
    const views = [...DASHBOARD_VIEWS, 'peers'];
    if (!views.includes(view)) throw badParameter('view', `Unknown dashboard view "${view}".`, views, view);
    const format = query.format;
    if (format === undefined || format === '') throw badParameter('format', 'Parameter "format" is required: a view downloads as a workbook, format=xlsx.', ['xlsx']);
    if (format !== 'xlsx') throw badParameter('format', `A dashboard view downloads as a workbook only (format=xlsx), not "${String(format)}"; a single chart's rows export as csv, arrow or parquet through /api/exports/metrics/<metric>.`, ['xlsx']);
    if (view === 'peers') {
      // the peers answer is not a metric dataset: its own service checks the parameters (region, peers, from, to, view)
      const rest = Object.fromEntries(Object.entries(query).filter(([key]) => key !== 'format'));
      return peersWorkbook(await this.moduleRef.get(PeersService, { strict: false }).compute(rest), await this.meta.get());
    }
    const defs = VIEW_SHEETS[view as DashboardView];
    const accepted = [...new Set(defs.flatMap((d) => d.filters))];
    const filters: Record<string, string> = {};
    for (const [key, v] of Object.entries(query)) {
      if (key === 'format') continue;
      if (!accepted.includes(key)) throw badParameter(key, `Unknown parameter "${key}" for the ${view} view; it takes ${accepted.join(', ')}.`, accepted, key);
      if (typeof v !== 'string') throw badParameter(key, `Parameter "${key}" must be given once.`);
      filters[key] = v;
    }
    const parts = [];
    for (const d of defs) {
      const metric = METRIC_DATASET_DEFS[`metrics/${d.metric}`];
      const q: Record<string, string> = { ...d.params };
      for (const f of d.filters) if (filters[f] !== undefined) q[f] = filters[f];
      const parsed = await this.filters.parse(q, metric.spec);
      const response = await this.moduleRef.get(metric.service, { strict: false }).compute(parsed);
      parts.push({ sheet: d.sheet, title: d.title, metric: d.metric, query: q, response });
    }
    // the period as the server resolved it (defaults filled in), beside the filters as given
    const echo = parts[0]?.response.query as Record<string, unknown> | undefined;
    const resolved: Record<string, string> = { ...filters };
    for (const key of ['region', 'from', 'to'] as const) if (echo?.[key] !== undefined && echo[key] !== null) resolved[key] = String(echo[key]);
    return metricWorkbook(`Credential Pulse: the ${view} view`, `view-${view}${resolved.region ? `_${resolved.region}` : ''}`, resolved, parts);
  }
}
