import { Controller, Get, Query } from '@nestjs/common';
import type { ProgramDemandAwardLevelResponse, ProgramDemandResponse, ProgramDemandSeriesResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { ProgramDemandSeriesService } from './program-demand-series.service.js';
import { PROGRAM_DEMAND_SPEC, ProgramDemandService } from './program-demand.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(PROGRAM_DEMAND_SPEC);

@Controller('metrics/program-demand')
@Policy('viewer')
export class ProgramDemandController {
  constructor(
    private readonly filters: FilterService,
    private readonly programs: ProgramDemandService,
    private readonly series: ProgramDemandSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Program (CIP) demand: SOCs through the CIP-SOC crosswalk, postings, micro-credential awards and, from public data (IPEDS completions, OEWS, BLS projections), completions, openings, wages, gap and label; groupBy=award-level gives rows per IPEDS award level; groupBy=period: openings and awards per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<ProgramDemandResponse | ProgramDemandAwardLevelResponse | ProgramDemandSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.programs.compute(f);
  }
}
