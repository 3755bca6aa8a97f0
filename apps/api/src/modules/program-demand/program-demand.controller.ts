import { Controller, Get, Query } from '@nestjs/common';
import type { ProgramDemandAwardLevelResponse, ProgramDemandResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from './program-demand.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/program-demand')
@Policy('viewer')
export class ProgramDemandController {
  constructor(
    private readonly filters: FilterService,
    private readonly programs: ProgramDemandService,
  ) {}

  @Get()
  @ApiMetric(PROGRAM_DEMAND_SPEC, 'Program (CIP) demand: SOCs through the CIP-SOC crosswalk, postings, micro-credential awards and, from public data (IPEDS completions, OEWS, BLS projections), completions, openings, wages, gap and label; groupBy=award-level gives rows per IPEDS award level')
  async get(@Query() query: Record<string, unknown>): Promise<ProgramDemandResponse | ProgramDemandAwardLevelResponse> {
    return this.programs.compute(await this.filters.parse(query, PROGRAM_DEMAND_SPEC));
  }
}
