import { Controller, Get, Query } from '@nestjs/common';
import type { SaturationResponse } from '@credpulse/contracts';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { FilterService } from '../analytics/filters/filter.service.js';
import { SATURATION_SPEC, SaturationService } from './saturation.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/saturation')
@Policy('viewer')
export class SaturationController {
  constructor(
    private readonly filters: FilterService,
    private readonly saturation: SaturationService,
  ) {}

  @Get()
  @ApiMetric(SATURATION_SPEC, 'Credential saturation per skill, and credentials with awards that no posting names; award counts disclosure-controlled')
  async get(@Query() query: Record<string, unknown>): Promise<SaturationResponse> {
    return this.saturation.compute(await this.filters.parse(query, SATURATION_SPEC));
  }
}
