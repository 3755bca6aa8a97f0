import { Controller, Get, Query } from '@nestjs/common';
import type { RecognitionResponse, RecognitionSeriesResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { RECOGNITION_SPEC, RecognitionService } from './recognition.service.js';
import { RecognitionSeriesService } from './recognition-series.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(RECOGNITION_SPEC);

@Controller('metrics/recognition')
@Policy('viewer')
export class RecognitionController {
  constructor(
    private readonly filters: FilterService,
    private readonly recognition: RecognitionService,
    private readonly series: RecognitionSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Employer recognition of credentials by level (required, preferred, in lieu of a degree), degree-requirement and skills-first shares, by credential or industry; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<RecognitionResponse | RecognitionSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.recognition.compute(f);
  }
}
