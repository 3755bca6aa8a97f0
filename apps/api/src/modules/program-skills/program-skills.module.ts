import { Module } from '@nestjs/common';
import { ProgramSkillsSeriesService } from './program-skills-series.service.js';
import { ProgramSkillsController } from './program-skills.controller.js';
import { ProgramSkillsRepository } from './program-skills.repository.js';
import { ProgramSkillsService } from './program-skills.service.js';

@Module({ controllers: [ProgramSkillsController], providers: [ProgramSkillsService, ProgramSkillsRepository, ProgramSkillsSeriesService] })
export class ProgramSkillsModule {}
