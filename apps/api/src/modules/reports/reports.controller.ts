import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ProgramReport, RegionReport } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { programReportPdf, regionReportPdf } from './report.pdf.js';
import { ReportsService } from './reports.service.js';

const stamp = () => new Date().toISOString().slice(0, 10);
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** Board-ready reports: JSON for the web pages, PDF drawn on the server from the same object. */
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

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
