import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readMeta, type DataMeta } from './meta.repository.js';

export { readMeta, touchDataAsOf, type DataMeta } from './meta.repository.js';

/** Facts every answer carries: taxonomy versions, when data was last loaded, whether it is demo data. */
@Injectable()
export class MetaService {
  private cache: { at: number; meta: Promise<DataMeta> } | undefined;

  constructor(private readonly ds: DataSource) {}

  get(): Promise<DataMeta> {
    // Short cache: the meta is read by every request; a finished ingest calls invalidate(). The read
    // in flight is shared, so a lapsed cache under load costs one read, not one per request.
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache.meta;
    const entry = { at: Date.now(), meta: readMeta(this.ds) };
    this.cache = entry;
    entry.meta.catch(() => this.cache === entry && (this.cache = undefined));
    return entry.meta;
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
