import { Controller, Get, Query } from '@nestjs/common';
import type { PostingsResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { POSTINGS_SPEC, PostingsService } from './postings.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/postings')
@Policy('viewer')
export class PostingsController {
  constructor(
    private readonly filters: FilterService,
    private readonly postings: PostingsService,
  ) {}

  @Get()
  @ApiMetric(POSTINGS_SPEC, 'Job postings: unique, total, new, active, intensity, duration and advertised wage, as a trend or grouped')
  async get(@Query() query: Record<string, unknown>): Promise<PostingsResponse> {
    return this.postings.compute(await this.filters.parse(query, POSTINGS_SPEC));
  }
}
