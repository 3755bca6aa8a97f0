import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { DATABASE_HANDLE } from '../../core/tokens.js';
import type { DatabaseHandle } from '../../database/database.js';
import { KeptReads } from '../../common/kept-reads.js';
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

  // Row counts are kept for a few seconds per data version (so dropped when the data changes), so
  // that a health probe every second does not count thirteen tables every second; the count in
  // flight is shared (KeptReads).
  private readonly kept = new KeptReads(10_000);

  private async counts(): Promise<Record<string, number>> {
    const asOf = (await this.meta.get()).dataAsOf;
    return this.kept.get(`counts:${asOf}`, () => countRows(this.ds));
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
