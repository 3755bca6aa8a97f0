import { Controller, Get, Query } from '@nestjs/common';
import type { SkillGapResponse } from '@credpulse/contracts';
import { FilterService } from '../analytics/filters/filter.service.js';
import { ApiMetric } from '../../openapi/api-metric.decorator.js';
import { SKILL_GAP_SPEC, SkillGapService } from './skill-gap.service.js';
import { Policy } from '../auth/policy.decorator.js';

@Controller('metrics/skill-gap')
@Policy('viewer')
export class SkillGapController {
  constructor(
    private readonly filters: FilterService,
    private readonly gap: SkillGapService,
  ) {}

  @Get()
  @ApiMetric(SKILL_GAP_SPEC, 'Skill supply (awards, disclosure-protected) against demand (postings): ratio and bucket per skill, trend by month, by industry')
  async get(@Query() query: Record<string, unknown>): Promise<SkillGapResponse> {
    return this.gap.compute(await this.filters.parse(query, SKILL_GAP_SPEC));
  }
}
