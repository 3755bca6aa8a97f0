import { Controller, Get, Query } from '@nestjs/common';
import type { OutcomesResponse, OutcomesSeriesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { OutcomesSeriesService } from './outcomes-series.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { OUTCOMES_SPEC, OutcomesService } from './outcomes.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(OUTCOMES_SPEC);

@Controller('metrics/outcomes')
@Policy('viewer')
export class OutcomesController {
  constructor(
    private readonly filters: FilterService,
    private readonly outcomes: OutcomesService,
    private readonly series: OutcomesSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Learner outcomes: employment rate and wage p25/median/p75 at 1, 2, 4 quarters after the award, median wage change; disclosure-controlled; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<OutcomesResponse | OutcomesSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.outcomes.compute(f);
  }
}
