import { Controller, Get, Query } from '@nestjs/common';
import type { EquityResponse, EquitySeriesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { EquitySeriesService } from './equity-series.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { EQUITY_SPEC, EquityService } from './equity.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(EQUITY_SPEC);

@Controller('metrics/equity')
@Policy('viewer')
export class EquityController {
  constructor(
    private readonly filters: FilterService,
    private readonly equity: EquityService,
    private readonly series: EquitySeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Award share by age band, sex, race/ethnicity, low income and rural county, against population share; disclosure-controlled; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<EquityResponse | EquitySeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.equity.compute(f);
  }
}
