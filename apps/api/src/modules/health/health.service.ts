import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { DATABASE_HANDLE } from '../../core/tokens.js';
import type { DatabaseHandle } from '../../database/database.js';
import { MetaService } from '../../core/meta.service.js';
import { appliedMigrations, countRows } from './health.repository.js';

export const APP_VERSION = '0.1.0';

@Injectable()
export class HealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    @Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle,
  ) {}

  private cached: { at: number; asOf: string | null; counts: Promise<Record<string, number>> } | undefined;

  // Row counts are cached for a few seconds (and dropped when the data changes), so that a health
  // probe every second does not count thirteen tables every second. The count in flight is shared:
  // when the cache lapsed under load, every concurrent request started its own count (at 1M
  // postings, job_posting and posting_skill exactly), and 50 clients got ~3 health answers a second.
  private async counts(): Promise<Record<string, number>> {
    const asOf = (await this.meta.get()).dataAsOf;
    if (this.cached && this.cached.asOf === asOf && Date.now() - this.cached.at < 10_000) return this.cached.counts;
    const entry = { at: Date.now(), asOf, counts: countRows(this.ds) };
    this.cached = entry;
    entry.counts.catch(() => this.cached === entry && (this.cached = undefined));
    return entry.counts;
  }

  async check(opts: { counts?: boolean } = {}): Promise<HealthResponse> {
    const applied = await appliedMigrations(this.ds);
    const pending = this.ds.migrations.length - applied.length;
    const [meta, counts] = await Promise.all([this.meta.get(), opts.counts === false ? undefined : this.counts()]);
    return {
      status: pending === 0 ? 'ok' : 'degraded',
      version: APP_VERSION,
      database: { mode: this.handle.mode, migrations: { applied: applied.map((m) => m.name), pending } },
      taxonomyVersions: meta.taxonomyVersions,
      ...(counts ? { counts } : {}),
      demo: meta.demo,
      dataAsOf: meta.dataAsOf,
    };
  }
}
