import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeptReads } from '../common/kept-reads.js';
import { readMeta, type DataMeta } from './meta.repository.js';

export { readMeta, touchDataAsOf, type DataMeta } from './meta.repository.js';

/** Facts every answer carries: taxonomy versions, when data was last loaded, whether it is demo data. */
@Injectable()
export class MetaService {
  // Short cache: the meta is read by every request; a finished ingest calls invalidate().
  private readonly kept = new KeptReads(5_000);

  constructor(private readonly ds: DataSource) {}

  get(): Promise<DataMeta> {
    return this.kept.get('meta', () => readMeta(this.ds));
  }

  invalidate(): void {
    this.kept.clear();
  }
}
