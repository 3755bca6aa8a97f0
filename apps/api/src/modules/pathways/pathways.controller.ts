import { Controller, Get, Query } from '@nestjs/common';
import type { PathwaysResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { PATHWAYS_SPEC, PathwaysService } from './pathways.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/pathways')
@Policy('viewer')
export class PathwaysController {
  constructor(
    private readonly filters: FilterService,
    private readonly pathways: PathwaysService,
  ) {}

  @Get()
  @ApiMetric(PATHWAYS_SPEC, 'Stackable pathways: share of earners of a credential who later earn one it stacks into, and median months between; disclosure-controlled')
  async get(@Query() query: Record<string, unknown>): Promise<PathwaysResponse> {
    return this.pathways.compute(await this.filters.parse(query, PATHWAYS_SPEC));
  }
}
