import { Controller, Get, Query } from '@nestjs/common';
import type { RecognitionResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { RECOGNITION_SPEC, RecognitionService } from './recognition.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/recognition')
@Policy('viewer')
export class RecognitionController {
  constructor(
    private readonly filters: FilterService,
    private readonly recognition: RecognitionService,
  ) {}

  @Get()
  @ApiMetric(RECOGNITION_SPEC, 'Employer recognition of credentials by level (required, preferred, in lieu of a degree), degree-requirement and skills-first shares, by credential or industry')
  async get(@Query() query: Record<string, unknown>): Promise<RecognitionResponse> {
    return this.recognition.compute(await this.filters.parse(query, RECOGNITION_SPEC));
  }
}
