import { Controller, Get, Query } from '@nestjs/common';
import type { SaturationResponse, SaturationSeriesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { SaturationSeriesService } from './saturation-series.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { SATURATION_SPEC, SaturationService } from './saturation.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(SATURATION_SPEC);

@Controller('metrics/saturation')
@Policy('viewer')
export class SaturationController {
  constructor(
    private readonly filters: FilterService,
    private readonly saturation: SaturationService,
    private readonly series: SaturationSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Credential saturation per skill, and credentials with awards that no posting names; award counts disclosure-controlled; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<SaturationResponse | SaturationSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.saturation.compute(f);
  }
}
