import { Controller, Get, Query } from '@nestjs/common';
import type { ProgramSkillsResponse, ProgramSkillsSeriesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { ProgramSkillsSeriesService } from './program-skills-series.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { Policy } from '../auth/policy.decorator.js';
import { PROGRAM_SKILLS_SPEC, ProgramSkillsService } from './program-skills.service.js';

const SPEC = withPeriods(PROGRAM_SKILLS_SPEC);

@Controller('metrics/program-skills')
@Policy('viewer')
export class ProgramSkillsController {
  constructor(
    private readonly filters: FilterService,
    private readonly service: ProgramSkillsService,
    private readonly series: ProgramSkillsSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, "Skills employers ask for in a program's occupations against the skills its credentials cover; groupBy=period: one row per month, quarter or year")
  async get(@Query() query: Record<string, unknown>): Promise<ProgramSkillsResponse | ProgramSkillsSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.service.compute(f);
  }
}
