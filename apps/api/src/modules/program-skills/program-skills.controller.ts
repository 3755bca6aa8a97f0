import { Controller, Get, Query } from '@nestjs/common';
import type { ProgramSkillsResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { Policy } from '../auth/policy.decorator.js';
import { PROGRAM_SKILLS_SPEC, ProgramSkillsService } from './program-skills.service.js';

@Controller('metrics/program-skills')
@Policy('viewer')
export class ProgramSkillsController {
  constructor(
    private readonly filters: FilterService,
    private readonly service: ProgramSkillsService,
  ) {}

  @Get()
  @ApiMetric(PROGRAM_SKILLS_SPEC, "Skills employers ask for in a program's occupations against the skills its credentials cover")
  async get(@Query() query: Record<string, unknown>): Promise<ProgramSkillsResponse> {
    return this.service.compute(await this.filters.parse(query, PROGRAM_SKILLS_SPEC));
  }
}
