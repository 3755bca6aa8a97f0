import { Controller, Get, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ProgramReport, RegionReport } from '@credpulse/contracts';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Policy } from '../auth/policy.decorator.js';
import { sendWorkbook } from '../export/export.controller.js';
import { reportWorkbook } from '../export/workbook.js';
import { programReportPdf, regionReportPdf } from './report.pdf.js';
import { ReportsService } from './reports.service.js';

const stamp = () => new Date().toISOString().slice(0, 10);
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Board-ready reports: JSON for the web pages, PDF drawn on the server from the same object. */
@Controller('reports')
export class ReportsController {
  private readonly log = new Logger('Reports');

  constructor(
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The report as a workbook: a sheet per section (the same object as the page and the PDF) and a Provenance sheet. */
  @Get('region/:region.xlsx')
  @Policy('viewer')
  async regionXlsx(@Param('region') region: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await sendWorkbook(res, reportWorkbook(await this.reports.region(region, query)), this.config, this.log);
  }

  @Get('program/:cip.xlsx')
  @Policy('viewer')
  async programXlsx(@Param('cip') cip: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await sendWorkbook(res, reportWorkbook(await this.reports.program(cip, query)), this.config, this.log);
  }

  @Get('region/:region.pdf')
  @Policy('viewer')
  async regionPdf(@Param('region') region: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const pdf = await regionReportPdf(await this.reports.region(region, query));
    send(res, pdf, `credpulse_region-report_${fileSafe(region)}_${stamp()}.pdf`);
  }

  @Get('program/:cip.pdf')
  @Policy('viewer')
  async programPdf(@Param('cip') cip: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const pdf = await programReportPdf(await this.reports.program(cip, query));
    send(res, pdf, `credpulse_program-report_${fileSafe(cip)}_${stamp()}.pdf`);
  }

  @Get('region/:region')
  @Policy('viewer')
  region(@Param('region') region: string, @Query() query: Record<string, unknown>): Promise<RegionReport> {
    return this.reports.region(region, query);
  }

  @Get('program/:cip')
  @Policy('viewer')
  program(@Param('cip') cip: string, @Query() query: Record<string, unknown>): Promise<ProgramReport> {
    return this.reports.program(cip, query);
  }
}

function send(res: Response, pdf: Buffer, name: string): void {
  res.status(200).setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${name}"`);
  res.setHeader('Content-Length', String(pdf.length));
  res.end(pdf);
}
