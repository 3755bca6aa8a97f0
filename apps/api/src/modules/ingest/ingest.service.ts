import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IngestFileSummary, IngestRejectRow, IngestRun, IngestSummary } from '@credpulse/contracts';
import type { AppConfig } from '../../config/config.js';
import type { DatabaseHandle } from '../../database/database.js';
import { MetaService, touchDataAsOf } from '../../core/meta.service.js';
import { APP_CONFIG, DATABASE_HANDLE } from '../../core/tokens.js';
import type { Change as Fact } from '../analytics/catalogue/catalogue.js';
import { refreshRollups } from '../analytics/catalogue/refresh.js';
import { ingestFile, type IngestDeps, type IngestFileInput } from './ingest.pipeline.js';
import { listRejects, listRuns, runExists } from './ingest.repository.js';

/**
 * After data changed: the rollups of `facts` (all when omitted; none when empty, as after a postings
 * file, which added itself into its rollups) from the earliest affected month, then the "data as of" stamp.
 */
export function afterLoadHook(ds: DataSource, onError: (msg: string) => void, invalidate?: () => void): (since: string | null, facts?: readonly Fact[]) => Promise<void> {
  return async (since, facts) => {
    try {
      if (!facts || facts.length) await refreshRollups(ds, { ...(since ? { since } : {}), ...(facts?.length ? { facts } : {}) });
    } catch (e) {
      onError(`rollup refresh after ingest failed (the data is loaded; run the refresh again): ${(e as Error).message}`);
    }
    await touchDataAsOf(ds);
    invalidate?.();
  };
}

export function ingestDeps(ds: DataSource, handle: Pick<DatabaseHandle, 'mode' | 'copyFromBlob'>, config: Pick<AppConfig, 'secret' | 'didWebDir'>, afterLoad?: IngestDeps['afterLoad']): IngestDeps {
  return { ds, embedded: handle.mode === 'embedded', secret: config.secret, afterLoad, extractorCache: {}, proof: { didWebDir: config.didWebDir }, copyFromBlob: handle.copyFromBlob };
}

/** Sums per-file summaries into the one answer the CLI (--json) and the API give. */
export function summarize(files: IngestFileSummary[]): IngestSummary {
  const records = files.some((f) => f.records) ? files.flatMap((f) => f.records ?? []) : undefined;
  return {
    accepted: files.reduce((a, f) => a + f.accepted, 0),
    rejected: files.reduce((a, f) => a + f.rejected, 0),
    duplicates: files.reduce((a, f) => a + f.duplicates, 0),
    warnings: files.flatMap((f) => f.warnings),
    errors: files.flatMap((f) => f.errors),
    files: files.map(({ records: _r, ...f }) => f),
    ...(records ? { records } : {}),
  };
}

@Injectable()
export class IngestService {
  private readonly log = new Logger('Ingest');
  private readonly extractorCache = {};

  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle,
  ) {}

  ingest(input: IngestFileInput): Promise<IngestFileSummary> {
    const after = afterLoadHook(this.ds, (m) => this.log.warn(m), () => this.meta.invalidate());
    return ingestFile({ ...ingestDeps(this.ds, this.handle, this.config, after), extractorCache: this.extractorCache }, input);
  }

  async runs(limit: number): Promise<IngestRun[]> {
    const rows = await listRuns(this.ds, limit);
    return rows.map((r) => ({
      id: Number(r.id), format: r.format, fileName: r.file_name, status: r.status, accepted: r.accepted, rejected: r.rejected, duplicates: r.duplicates,
      warnings: r.warnings, startedAt: new Date(r.started_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    }));
  }

  async runExists(id: number): Promise<boolean> {
    return runExists(this.ds, id);
  }

  async rejects(runId: number, limit: number, offset: number): Promise<IngestRejectRow[]> {
    const rows = await listRejects(this.ds, runId, limit, offset);
    return rows.map((r) => ({ id: Number(r.id), file: r.file, ...(r.line !== null ? { line: r.line } : {}), ...(r.pointer !== null ? { pointer: r.pointer } : {}), field: r.field ?? '', reason: r.reason, raw: r.raw }));
  }
}
