import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import { DataSource } from 'typeorm';
import { DATABASE_HANDLE } from '../../core/tokens.js';
import type { DatabaseHandle } from '../../database/database.js';
import { MetaService } from '../../core/meta.service.js';
import { countRows } from './health.repository.js';

export const APP_VERSION = '0.1.0';

@Injectable()
export class HealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
    @Inject(DATABASE_HANDLE) private readonly handle: DatabaseHandle,
  ) {}

  async check(): Promise<HealthResponse> {
    const applied: { name: string }[] = await this.ds.query('SELECT name FROM migrations ORDER BY id');
    const pending = this.ds.migrations.length - applied.length;
    const [meta, counts] = await Promise.all([this.meta.get(), countRows(this.ds)]);
    return {
      status: pending === 0 ? 'ok' : 'degraded',
      version: APP_VERSION,
      database: { mode: this.handle.mode, migrations: { applied: applied.map((m) => m.name), pending } },
      taxonomyVersions: meta.taxonomyVersions,
      counts,
      demo: meta.demo,
      dataAsOf: meta.dataAsOf,
    };
  }
}
