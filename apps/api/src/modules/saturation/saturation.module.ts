import { Module } from '@nestjs/common';
import { SaturationSeriesRepository } from './saturation-series.repository.js';
import { SaturationSeriesService } from './saturation-series.service.js';
import { SaturationController } from './saturation.controller.js';
import { SaturationRepository } from './saturation.repository.js';
import { SaturationService } from './saturation.service.js';

@Module({ controllers: [SaturationController], providers: [SaturationService, SaturationRepository, SaturationSeriesService, SaturationSeriesRepository] })
export class SaturationModule {}
