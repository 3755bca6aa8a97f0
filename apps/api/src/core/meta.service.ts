import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readMeta, type DataMeta } from './meta.repository.js';

export { readMeta, touchDataAsOf, type DataMeta } from './meta.repository.js';

/** Facts every answer carries: taxonomy versions, when data was last loaded, whether it is demo data. */
@Injectable()
export class MetaService {
  private cache: { at: number; meta: DataMeta } | undefined;

  constructor(private readonly ds: DataSource) {}

  async get(): Promise<DataMeta> {
    // Short cache: the meta is read by every request; a finished ingest calls invalidate().
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache.meta;
    const meta = await readMeta(this.ds);
    this.cache = { at: Date.now(), meta };
    return meta;
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
