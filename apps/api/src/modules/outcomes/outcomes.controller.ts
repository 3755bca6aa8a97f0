import { Controller, Get, Query } from '@nestjs/common';
import type { OutcomesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { OUTCOMES_SPEC, OutcomesService } from './outcomes.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/outcomes')
@Policy('viewer')
export class OutcomesController {
  constructor(
    private readonly filters: FilterService,
    private readonly outcomes: OutcomesService,
  ) {}

  @Get()
  @ApiMetric(OUTCOMES_SPEC, 'Learner outcomes: employment rate and wage p25/median/p75 at 1, 2, 4 quarters after the award, median wage change; disclosure-controlled')
  async get(@Query() query: Record<string, unknown>): Promise<OutcomesResponse> {
    return this.outcomes.compute(await this.filters.parse(query, OUTCOMES_SPEC));
  }
}
