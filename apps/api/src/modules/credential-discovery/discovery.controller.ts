import { Body, Controller, Get, Param, Post, Query, Req, Res, type PipeTransform } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseId } from '../../common/problem.js';
import { Policy } from '../auth/policy.decorator.js';
import { CredentialDiscoveryService, parseCandidateFilters } from './discovery.service.js';

const intPipe: PipeTransform<string, number> = { transform: (v) => parseId('id', v) };
const actorOf = (req: Request) => ({ name: req.principal!.name, role: req.principal!.role ?? 'none' });

/** Admin: credentials employers name that the catalog lacks, decisions on them, re-extraction. */
@Controller('admin')
@Policy('admin')
export class CredentialDiscoveryController {
  constructor(private readonly svc: CredentialDiscoveryService) {}

  @Get('credential-candidates')
  list(@Query() q: Record<string, unknown>) {
    return this.svc.list(parseCandidateFilters(q));
  }

  @Get('credential-candidates/export')
  async export(@Query() q: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const csv = await this.svc.exportCsv(parseCandidateFilters(q));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="credential-candidates.csv"');
    res.send(csv);
    void req;
  }

  @Post('credential-candidates/:id/add')
  add(@Param('id', intPipe) id: number, @Body() body: Record<string, unknown> | undefined, @Req() req: Request) {
    return this.svc.add(id, body, actorOf(req));
  }

  @Post('credential-candidates/:id/merge')
  merge(@Param('id', intPipe) id: number, @Body() body: Record<string, unknown> | undefined, @Req() req: Request) {
    return this.svc.merge(id, body, actorOf(req));
  }

  @Post('credential-candidates/:id/ignore')
  ignore(@Param('id', intPipe) id: number, @Req() req: Request) {
    return this.svc.ignore(id, actorOf(req));
  }

  // Both answer JSON `null` when no job ever ran: Nest would send an empty body without a media
  // type for a returned null, which a JSON client cannot parse.
  @Get('reextract')
  async status(@Res() res: Response): Promise<void> {
    res.json(await this.svc.status());
  }

  @Post('reextract')
  async start(@Body() body: { force?: unknown } | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.status(201).json(await this.svc.startReextract(actorOf(req), body?.force === true));
  }
}
