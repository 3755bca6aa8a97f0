import { Controller, Get, Query } from '@nestjs/common';
import type { PostingsResponse, PostingsSeriesResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { POSTINGS_SPEC, PostingsService } from './postings.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(POSTINGS_SPEC);

@Controller('metrics/postings')
@Policy('viewer')
export class PostingsController {
  constructor(
    private readonly filters: FilterService,
    private readonly postings: PostingsService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Job postings: unique, total, new, active, intensity, duration and advertised wage, as a trend or grouped; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<PostingsResponse | PostingsSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.postings.series(f) : this.postings.compute(f);
  }
}
