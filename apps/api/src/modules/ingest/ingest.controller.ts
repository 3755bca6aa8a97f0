import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { INGEST_FORMAT_NAMES, type IngestFileSummary, type IngestRejectRow, type IngestRun, type IngestSummary } from '@credpulse/contracts';
import { IngestFatalError, isIngestFormat, parseMapping, type ColumnMapping } from '@credpulse/ingest';
import { badParameter, BIGINT_ID_MAX, notFound, parseId, Problem } from '../../common/problem.js';
import { UploadStalledError, watchUploadStall } from '../../common/stall.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Policy } from '../auth/policy.decorator.js';
import { IngestService, summarize } from './ingest.service.js';

const flag = (name: string, v: string | undefined): boolean => {
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw badParameter(name, `${name} must be true or false, got "${v}".`, ['true', 'false'], v);
};

const int = (name: string, v: string | undefined, dflt: number, max: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw badParameter(name, `${name} must be an integer from 0 to ${max}, got "${v}".`);
  return n;
};

@Controller('ingest')
@Policy('admin')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Streams the request body (any content type; never parsed up front) through the format's parser.
   * 200 with the summary (rejected records listed in errors[] when only some were bad); 422
   * problem+json when all-or-nothing refused the file or it could not be read at all.
   */
  @Post(':format')
  @HttpCode(HttpStatus.OK)
  async upload(@Param('format') format: string, @Query() q: Record<string, string | undefined>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<IngestSummary> {
    if (!isIngestFormat(format)) throw badParameter('format', `Unknown ingest format "${format}".`, INGEST_FORMAT_NAMES, format);
    const allOrNothing = flag('allOrNothing', q.allOrNothing);
    const dryRun = flag('dryRun', q.dryRun);
    const filename = (q.filename ?? 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
    const mapping = q.mapping;
    let parsedMapping: ColumnMapping | undefined;
    if (mapping !== undefined) {
      try {
        parsedMapping = parseMapping(mapping, 'mapping');
      } catch (e) {
        if (e instanceof IngestFatalError) throw badParameter('mapping', e.message);
        throw e;
      }
    }
    const max = this.config.maxUploadBytes;
    const tooLarge = () =>
      new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'Payload too large', `The upload is larger than the limit of ${Math.round(max / 1048576)} MB (CREDPULSE_MAX_UPLOAD_MB); nothing was loaded. Split the file or raise the limit.`);
    const declared = Number(req.headers['content-length']);
    // Refuse before parsing anything. The connection is kept: Node discards the rest of the body,
    // so a client still sending reads the 413 instead of a reset.
    if (Number.isFinite(declared) && declared > max) throw tooLarge();
    // The body goes to a temporary file first (size limit and stall limit on the way), then the
    // file is ingested: the database transaction never waits for the network, so a client
    // trickling bytes holds no connection (on the embedded database, the only one).
    const spoolDir = await mkdtemp(join(tmpdir(), 'credpulse-upload-'));
    try {
      const path = join(spoolDir, 'body');
      const limiter = new ByteLimit(max);
      const stallSeconds = this.config.uploadStallSeconds ?? 30;
      try {
        await spool(req, limiter, path, stallSeconds);
      } catch (e) {
        if (limiter.exceeded) throw tooLarge();
        if (e instanceof UploadStalledError) {
          // answer, then close: the client may still be sending (slowly)
          res.setHeader('Connection', 'close');
          throw new Problem(HttpStatus.REQUEST_TIMEOUT, 'Request timeout', `The upload sent nothing for ${stallSeconds} s (CREDPULSE_UPLOAD_STALL_SECONDS) and was cut; nothing was loaded.`);
        }
        throw new Problem(HttpStatus.BAD_REQUEST, 'Bad request', 'The upload was interrupted before its end; nothing was loaded.');
      }
      const file = await this.ingest.ingest({
        format,
        file: filename,
        source: createReadStream(path, { highWaterMark: 256 * 1024 }),
        sizeHint: limiter.seen,
        mapping: parsedMapping,
        allOrNothing,
        dryRun,
        includeRecords: dryRun && flag('records', q.records),
      });
      return this.answer(file, res);
    } finally {
      await rm(spoolDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private answer(file: IngestFileSummary, res: Response): IngestSummary {
    const summary = summarize([file]);
    if (file.status === 'failed') {
      throw new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'Ingest refused', file.detail ?? 'nothing was loaded', { errors: summary.errors.slice(0, 1000) });
    }
    res.status(HttpStatus.OK);
    return summary;
  }

  @Get('runs')
  runs(@Query('limit') limit?: string): Promise<IngestRun[]> {
    return this.ingest.runs(int('limit', limit, 50, 500));
  }

  @Get('runs/:id/rejects')
  async rejects(@Param('id') id: string, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<IngestRejectRow[]> {
    const n = parseId('id', id, BIGINT_ID_MAX);
    if (!(await this.ingest.runExists(n))) throw notFound(`No ingest run ${n}.`);
    return this.ingest.rejects(n, int('limit', limit, 100, 1000), int('offset', offset, 0, 1_000_000_000));
  }
}

/**
 * Writes the request body through the size limit into `path`. On failure (too large, stalled,
 * client gone) the body is unpiped and drained rather than destroyed, so the client can still read
 * the 413/408 answer.
 */
function spool(req: Readable, limiter: ByteLimit, path: string, stallSeconds: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      stopWatching();
      req.unpipe(limiter);
      limiter.unpipe(out);
      out.destroy();
      req.resume();
      reject(e);
    };
    const stopWatching = watchUploadStall(req, stallSeconds, fail);
    req.once('error', fail);
    req.once('aborted', () => fail(new Error('upload aborted by the client')));
    limiter.once('error', fail);
    out.once('error', fail);
    out.once('finish', () => {
      if (settled) return;
      settled = true;
      stopWatching();
      resolve();
    });
    req.pipe(limiter).pipe(out);
  });
}

/** Passes bytes through until the limit, then fails the stream (chunked uploads have no Content-Length). */
class ByteLimit extends Transform {
  exceeded = false;
  seen = 0;

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
