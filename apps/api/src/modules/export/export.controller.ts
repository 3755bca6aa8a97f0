import { Controller, Get, Inject, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Request, Response } from 'express';
import yazl from 'yazl';
import { EXPORT_MEDIA_TYPES, type ExportProvenance } from '@credpulse/contracts';
import { abortStalledResponse } from '../../common/stall.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Policy } from '../auth/policy.decorator.js';
import { ExportService } from './export.service.js';
import { writeBuiltWorkbook, XLSX_MEDIA_TYPE, type BuiltWorkbook } from './workbook.js';

/** The companion file of a CSV export: provenance and data dictionary. */
export function metaJson(p: ExportProvenance): string {
  return JSON.stringify(p, null, 2) + '\n';
}

@Controller('exports')
export class ExportController {
  private readonly log = new Logger('Export');

  constructor(
    private readonly exports: ExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET /api/exports: the datasets and formats, and whether record-level exports are enabled here. */
  @Get()
  @Policy('viewer')
  list(): { formats: readonly string[]; datasets: { name: string; recordLevel: boolean; enabled: boolean }[] } {
    return this.exports.catalogue();
  }

  /**
   * GET /api/exports/:dataset?format=arrow|parquet|csv[&bundle=zip]&<filters>. Viewer for metric
   * datasets; record-level datasets check the researcher role and the server setting in the service.
   */
  @Get(':dataset')
  @Policy('viewer')
  async export(@Param('dataset') dataset: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send(dataset, query, req, res);
  }

  /** GET /api/exports/views/:view?format=xlsx&<the view's filters>: a dashboard view as one workbook, a sheet per chart. */
  @Get('views/:view')
  @Policy('viewer')
  async exportView(@Param('view') view: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await sendWorkbook(res, await this.exports.viewWorkbook(view, query), this.config, this.log);
  }

  /** GET /api/exports/metrics/:metric?format=...&<the metric's own parameters>: a metric view, suppressed as in the API. */
  @Get('metrics/:metric')
  @Policy('viewer')
  async exportMetric(@Param('metric') metric: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.send(`metrics/${metric}`, query, req, res);
  }

  private async send(dataset: string, query: Record<string, unknown>, req: Request, res: Response): Promise<void> {
    const principal = req.principal;
    const prepared = await this.exports.prepare(dataset, query, principal?.role ?? null, { name: principal?.name ?? 'anonymous', role: principal?.role ?? 'none' });
    const p = prepared.provenance;
    const zip = query.bundle === 'zip';
    const fileName = zip ? p.fileName.replace(/\.csv$/, '.zip') : p.fileName;
    res.status(200);
    res.setHeader('Content-Type', zip ? 'application/zip' : EXPORT_MEDIA_TYPES[p.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('X-Credpulse-Row-Count', String(p.rowCount));
    res.setHeader('Cache-Control', 'no-store');
    // a reader that stops reading is cut after CREDPULSE_RESPONSE_STALL_SECONDS: its writer fails,
    // the connection is released and the export audited as aborted
    abortStalledResponse(res, this.config.responseStallSeconds ?? 30, () => this.log.warn(`export ${dataset} aborted: the client stopped reading`));
    try {
      if (zip) {
        const zf = new yazl.ZipFile();
        const csv = new PassThrough();
        // the response gone (client left, or cut for stalling): fail the CSV writer too, or it
        // would wait forever on a zip stream nobody reads
        res.once('close', () => {
          if (!res.writableFinished) csv.destroy(new Error('export destination closed'));
        });
        zf.addBuffer(Buffer.from(metaJson(p)), p.fileName.replace(/\.csv$/, '.meta.json'), { mtime: new Date(p.generatedAt) });
        zf.addReadStream(csv, p.fileName, { mtime: new Date(p.generatedAt) });
        zf.end();
        zf.outputStream.pipe(res);
        await prepared.writeTo(csv);
        csv.end();
        await finished(res).catch(() => undefined);
      } else {
        await prepared.writeTo(res);
        res.end();
      }
    } catch (e) {
      // headers are gone: the only honest signal left is an aborted response
      if (res.destroyed) this.log.warn(`export ${dataset} aborted: the client left or stopped reading`);
      else this.log.error(`export ${dataset} failed mid-stream: ${e instanceof Error ? e.message : String(e)}`);
      res.destroy(e instanceof Error ? e : undefined);
    }
  }

  /** GET /api/exports/:dataset/meta?<same parameters>: the provenance and data dictionary alone. */
  @Get(':dataset/meta')
  @Policy('viewer')
  async meta(@Param('dataset') dataset: string, @Query() query: Record<string, unknown>, @Req() req: Request): Promise<ExportProvenance> {
    const principal = req.principal;
    const prepared = await this.exports.prepare(dataset, { format: 'csv', ...query }, principal?.role ?? null, { name: principal?.name ?? 'anonymous', role: principal?.role ?? 'none' }, 'meta');
    await prepared.cancel();
    return prepared.provenance;
  }
}

/** Sends a workbook built in full before the first byte (so a bad request is still a 400), streamed out. */
export async function sendWorkbook(res: Response, wb: BuiltWorkbook, config: AppConfig, log: Logger): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_MEDIA_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${wb.fileName}"`);
  res.setHeader('X-Credpulse-Row-Count', String(wb.provenance.sheets.reduce((a, s) => a + s.rows, 0)));
  res.setHeader('Cache-Control', 'no-store');
  abortStalledResponse(res, config.responseStallSeconds ?? 30, () => log.warn(`workbook ${wb.fileName} aborted: the client stopped reading`));
  try {
    await writeBuiltWorkbook(res, wb);
    res.end();
  } catch (e) {
    log.warn(`workbook ${wb.fileName} aborted: ${e instanceof Error ? e.message : String(e)}`);
    res.destroy(e instanceof Error ? e : undefined);
  }
}
