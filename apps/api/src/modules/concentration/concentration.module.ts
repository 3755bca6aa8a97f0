import { Module } from '@nestjs/common';
import { ConcentrationSeriesService } from './concentration-series.service.js';
import { ConcentrationController } from './concentration.controller.js';
import { ConcentrationRepository } from './concentration.repository.js';
import { ConcentrationService } from './concentration.service.js';

@Module({ controllers: [ConcentrationController], providers: [ConcentrationService, ConcentrationRepository, ConcentrationSeriesService], exports: [ConcentrationService] })
export class ConcentrationModule {}
