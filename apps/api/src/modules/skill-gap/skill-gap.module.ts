import { Module } from '@nestjs/common';
import { SkillGapController } from './skill-gap.controller.js';
import { SkillGapService } from './skill-gap.service.js';

@Module({ controllers: [SkillGapController], providers: [SkillGapService], exports: [SkillGapService] })
export class SkillGapModule {}
