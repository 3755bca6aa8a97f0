import { Controller, Get, Query } from '@nestjs/common';
import type { ProgramDemandResponse } from '@credpulse/contracts';
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
  @ApiMetric(PROGRAM_DEMAND_SPEC, 'Program (CIP) demand: SOCs through the CIP-SOC crosswalk, openings, completions (disclosure-protected), gap, with both allocation methods labelled')
  async get(@Query() query: Record<string, unknown>): Promise<ProgramDemandResponse> {
    return this.programs.compute(await this.filters.parse(query, PROGRAM_DEMAND_SPEC));
  }
}
