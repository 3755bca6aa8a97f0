import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { INGEST_FORMAT_NAMES, INGEST_PRESETS, type IngestFileSummary, type IngestRejectRow, type IngestRun, type IngestSummary } from '@credpulse/contracts';
import { getPreset, IngestFatalError, isIngestFormat, parseMapping, type ColumnMapping } from '@credpulse/ingest';
import { badParameter, BIGINT_ID_MAX, notFound, parseId, Problem } from '../../common/problem.js';
import { spoolUpload } from '../../common/upload.js';
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
    if (q.preset !== undefined) {
      // a shipped mapping for a real export (docs/ingest-mapping.md); not with a mapping of one's own
      const preset = INGEST_PRESETS.find((p) => p.name === q.preset);
      if (!preset) throw badParameter('preset', `Unknown preset "${q.preset}".`, INGEST_PRESETS.map((p) => p.name), q.preset);
      if (preset.format !== format) throw badParameter('preset', `Preset "${preset.name}" is for ${preset.format} files, not ${format}.`);
      if (mapping !== undefined) throw badParameter('preset', 'Give preset or mapping, not both.');
      parsedMapping = getPreset(preset.name).mapping;
    }
    if (mapping !== undefined) {
      try {
        parsedMapping = parseMapping(mapping, 'mapping');
      } catch (e) {
        if (e instanceof IngestFatalError) throw badParameter('mapping', e.message);
        throw e;
      }
    }
    // The body goes to a temporary file first (size and stall limits on the way), then the file is
    // ingested: the ingest transaction never waits on the network.
    const body = await spoolUpload(req, res, this.config.maxUploadBytes, this.config.uploadStallSeconds ?? 30);
    try {
      const file = await this.ingest.ingest({
        format,
        file: filename,
        source: body.open(),
        sizeHint: body.bytes,
        mapping: parsedMapping,
        allOrNothing,
        dryRun,
        includeRecords: dryRun && flag('records', q.records),
      });
      return this.answer(file, res);
    } finally {
      await body.remove();
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
