import { Module } from '@nestjs/common';
import { EquitySeriesRepository } from './equity-series.repository.js';
import { EquitySeriesService } from './equity-series.service.js';
import { EquityController } from './equity.controller.js';
import { EquityRepository } from './equity.repository.js';
import { EquityService } from './equity.service.js';

@Module({ controllers: [EquityController], providers: [EquityService, EquityRepository, EquitySeriesService, EquitySeriesRepository] })
export class EquityModule {}
