import { Controller, Get, Query } from '@nestjs/common';
import type { EquityResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { EQUITY_SPEC, EquityService } from './equity.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/equity')
@Policy('viewer')
export class EquityController {
  constructor(
    private readonly filters: FilterService,
    private readonly equity: EquityService,
  ) {}

  @Get()
  @ApiMetric(EQUITY_SPEC, 'Award share by age band, sex, race/ethnicity, low income and rural county, against population share; disclosure-controlled')
  async get(@Query() query: Record<string, unknown>): Promise<EquityResponse> {
    return this.equity.compute(await this.filters.parse(query, EQUITY_SPEC));
  }
}
