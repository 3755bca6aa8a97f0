import { Module } from '@nestjs/common';
import { PostingsModule } from '../postings/postings.module.js';
import { ProgramDemandModule } from '../program-demand/program-demand.module.js';
import { RecognitionModule } from '../recognition/recognition.module.js';
import { SkillGapModule } from '../skill-gap/skill-gap.module.js';
import { FindingsController } from './findings.controller.js';
import { FindingsService } from './findings.service.js';

/** Key findings computed by fixed rules from the metric services (GET /api/findings, and first in every report). */
@Module({ imports: [PostingsModule, RecognitionModule, SkillGapModule, ProgramDemandModule], controllers: [FindingsController], providers: [FindingsService], exports: [FindingsService] })
export class FindingsModule {}
