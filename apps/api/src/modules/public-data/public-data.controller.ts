import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PUBLIC_DATASETS, type PublicDataLoadResult, type PublicDataset, type PublicDataVintage } from '@credpulse/contracts';
import { badParameter, Problem } from '../../common/problem.js';
import { spoolUpload } from '../../common/upload.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Policy } from '../auth/policy.decorator.js';
import { PublicDataService } from './public-data.service.js';

const isDataset = (d: string): d is PublicDataset => (PUBLIC_DATASETS as readonly string[]).includes(d);

@Controller('public-data')
export class PublicDataController {
  constructor(
    private readonly publicData: PublicDataService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loaded vintages: dataset, vintage, rows, loaded at, source. */
  @Get()
  @Policy('viewer')
  list(): Promise<PublicDataVintage[]> {
    return this.publicData.list();
  }

  /**
   * Loads one file (CSV or xlsx, streamed as the raw body) as one vintage in one transaction.
   * 200 with the result (rejected rows in errors[]); 422 problem+json when nothing could be loaded.
   */
  @Post(':dataset')
  @Policy('admin')
  @HttpCode(HttpStatus.OK)
  async upload(@Param('dataset') dataset: string, @Query() q: Record<string, string | undefined>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PublicDataLoadResult> {
    if (!isDataset(dataset)) throw badParameter('dataset', `Unknown public dataset "${dataset}".`, PUBLIC_DATASETS, dataset);
    for (const k of Object.keys(q)) if (k !== 'filename' && k !== 'year') throw badParameter(k, `Unknown parameter "${k}"; allowed: filename, year.`, ['filename', 'year'], k);
    let year: number | undefined;
    if (q.year !== undefined && q.year !== '') {
      year = Number(q.year);
      if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badParameter('year', `year must be a year from 1990 to 2100, got "${q.year}".`);
    }
    const file = (q.filename ?? `${dataset}-upload`).replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
    // spooled first (size and stall limits): the load's transaction never waits on the network
    const body = await spoolUpload(req, res, this.config.maxUploadBytes, this.config.uploadStallSeconds ?? 30);
    let r: PublicDataLoadResult;
    try {
      r = await this.publicData.load({ dataset, file, source: body.open(), ...(year !== undefined ? { year } : {}) });
    } finally {
      await body.remove();
    }
    if (r.status === 'failed') throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'Public data refused', r.detail ?? 'nothing was loaded', { errors: r.errors.slice(0, 1000) });
    return r;
  }
}
