import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublicDataLoadResult, PublicDataVintage } from '@credpulse/contracts';
import { MetaService } from '../../core/meta.service.js';
import { loadPublicDataFile, type PublicDataInput } from './public-data.loader.js';
import { listVintages } from './public-data.repository.js';

@Injectable()
export class PublicDataService {
  private readonly log = new Logger('PublicData');

  constructor(
    private readonly ds: DataSource,
    private readonly meta: MetaService,
  ) {}

  async load(input: PublicDataInput): Promise<PublicDataLoadResult> {
    const r = await loadPublicDataFile(this.ds, input);
    this.meta.invalidate();
    this.log.log(`${r.dataset} ${r.file}: ${r.status}, ${r.loaded} rows (vintage ${r.vintage ?? '-'}), ${r.rejected} rejected, ${r.skipped} totals/summary rows skipped, ${r.seconds.toFixed(1)} s`);
    return r;
  }

  list(): Promise<PublicDataVintage[]> {
    return listVintages(this.ds);
  }
}
