import { Controller, Get, Query } from '@nestjs/common';
import type { PathwaysResponse, PathwaysSeriesResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { PathwaysSeriesService } from './pathways-series.service.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { PATHWAYS_SPEC, PathwaysService } from './pathways.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(PATHWAYS_SPEC);

@Controller('metrics/pathways')
@Policy('viewer')
export class PathwaysController {
  constructor(
    private readonly filters: FilterService,
    private readonly pathways: PathwaysService,
    private readonly series: PathwaysSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Stackable pathways: share of earners of a credential who later earn one it stacks into, and median months between; disclosure-controlled; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<PathwaysResponse | PathwaysSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.pathways.compute(f);
  }
}
