import { Module } from '@nestjs/common';
import { SkillGapSeriesRepository } from './skill-gap-series.repository.js';
import { SkillGapSeriesService } from './skill-gap-series.service.js';
import { SkillGapController } from './skill-gap.controller.js';
import { SkillGapRepository } from './skill-gap.repository.js';
import { SkillGapService } from './skill-gap.service.js';

@Module({ controllers: [SkillGapController], providers: [SkillGapService, SkillGapRepository, SkillGapSeriesService, SkillGapSeriesRepository], exports: [SkillGapService] })
export class SkillGapModule {}
