import { Transform, type TransformCallback } from 'node:stream';
import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { PUBLIC_DATASETS, type PublicDataLoadResult, type PublicDataset, type PublicDataVintage } from '@credpulse/contracts';
import { badParameter, Problem } from '../../common/problem.js';
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
  async upload(@Param('dataset') dataset: string, @Query() q: Record<string, string | undefined>, @Req() req: Request): Promise<PublicDataLoadResult> {
    if (!isDataset(dataset)) throw badParameter('dataset', `Unknown public dataset "${dataset}".`, PUBLIC_DATASETS, dataset);
    for (const k of Object.keys(q)) if (k !== 'filename' && k !== 'year') throw badParameter(k, `Unknown parameter "${k}"; allowed: filename, year.`, ['filename', 'year'], k);
    let year: number | undefined;
    if (q.year !== undefined && q.year !== '') {
      year = Number(q.year);
      if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badParameter('year', `year must be a year from 1990 to 2100, got "${q.year}".`);
    }
    const file = (q.filename ?? `${dataset}-upload`).replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
    const max = this.config.maxUploadBytes;
    const tooLarge = () => new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'Payload too large', `The upload is larger than the limit of ${Math.round(max / 1048576)} MB (CREDPULSE_MAX_UPLOAD_MB); nothing was loaded.`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) throw tooLarge();
    const limiter = new ByteLimit(max);
    req.on('error', (e) => limiter.destroy(e));
    let r: PublicDataLoadResult;
    try {
      r = await this.publicData.load({ dataset, file, source: req.pipe(limiter), ...(year !== undefined ? { year } : {}) });
    } catch (e) {
      if (limiter.exceeded) throw tooLarge();
      throw e;
    }
    if (limiter.exceeded) throw tooLarge();
    if (r.status === 'failed') throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'Public data refused', r.detail ?? 'nothing was loaded', { errors: r.errors.slice(0, 1000) });
    return r;
  }
}

/** Passes bytes through until the limit, then fails the stream (chunked uploads have no Content-Length). */
class ByteLimit extends Transform {
  exceeded = false;
  private seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      cb(new Error(`upload exceeds ${this.max} bytes`));
      return;
    }
    cb(null, chunk);
  }
}
