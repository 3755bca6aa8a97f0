import { Controller, Get, Query } from '@nestjs/common';
import type { ConcentrationResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { CONCENTRATION_SPEC, ConcentrationService } from './concentration.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/concentration')
@Policy('viewer')
export class ConcentrationController {
  constructor(
    private readonly filters: FilterService,
    private readonly concentration: ConcentrationService,
  ) {}

  @Get()
  @ApiMetric(CONCENTRATION_SPEC, 'Location quotients of postings against the nation, and shift-share between the base period (baseFrom..baseTo) and from..to')
  async get(@Query() query: Record<string, unknown>): Promise<ConcentrationResponse> {
    return this.concentration.compute(await this.filters.parse(query, CONCENTRATION_SPEC));
  }
}
