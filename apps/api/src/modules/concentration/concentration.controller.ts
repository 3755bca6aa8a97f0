import { Controller, Get, Query } from '@nestjs/common';
import type { ConcentrationResponse, ConcentrationSeriesResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { ConcentrationSeriesService } from './concentration-series.service.js';
import { CONCENTRATION_SPEC, ConcentrationService } from './concentration.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(CONCENTRATION_SPEC);

@Controller('metrics/concentration')
@Policy('viewer')
export class ConcentrationController {
  constructor(
    private readonly filters: FilterService,
    private readonly concentration: ConcentrationService,
    private readonly series: ConcentrationSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Location quotients of postings against the nation, and shift-share between the base period (baseFrom..baseTo) and from..to; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<ConcentrationResponse | ConcentrationSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.concentration.compute(f);
  }
}
