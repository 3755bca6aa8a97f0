import { Module } from '@nestjs/common';
import { ProgramDemandSeriesRepository } from './program-demand-series.repository.js';
import { ProgramDemandSeriesService } from './program-demand-series.service.js';
import { ProgramDemandController } from './program-demand.controller.js';
import { ProgramDemandService } from './program-demand.service.js';

@Module({ controllers: [ProgramDemandController], providers: [ProgramDemandService, ProgramDemandSeriesService, ProgramDemandSeriesRepository], exports: [ProgramDemandService] })
export class ProgramDemandModule {}
