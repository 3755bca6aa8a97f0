import { Module } from '@nestjs/common';
import { ProgramDemandController } from './program-demand.controller.js';
import { ProgramDemandService } from './program-demand.service.js';

@Module({ controllers: [ProgramDemandController], providers: [ProgramDemandService], exports: [ProgramDemandService] })
export class ProgramDemandModule {}
