import { Controller, Get, Query } from '@nestjs/common';
import type { SkillGapResponse, SkillGapSeriesResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { isPeriodSeries, withPeriods } from '../analytics/periods/period-series.js';
import { SkillGapSeriesService } from './skill-gap-series.service.js';
import { SKILL_GAP_SPEC, SkillGapService } from './skill-gap.service.js';
import { Policy } from '../auth/policy.decorator.js';

const SPEC = withPeriods(SKILL_GAP_SPEC);

@Controller('metrics/skill-gap')
@Policy('viewer')
export class SkillGapController {
  constructor(
    private readonly filters: FilterService,
    private readonly gap: SkillGapService,
    private readonly series: SkillGapSeriesService,
  ) {}

  @Get()
  @ApiMetric(SPEC, 'Skill supply (awards, disclosure-protected) against demand (postings): ratio and bucket per skill, trend by month, by industry; groupBy=period: one row per month, quarter or year')
  async get(@Query() query: Record<string, unknown>): Promise<SkillGapResponse | SkillGapSeriesResponse> {
    const f = await this.filters.parse(query, SPEC);
    return isPeriodSeries(f) ? this.series.compute(f) : this.gap.compute(f);
  }
}
