import { Module } from '@nestjs/common';
import { SaturationController } from './saturation.controller.js';
import { SaturationRepository } from './saturation.repository.js';
import { SaturationService } from './saturation.service.js';

@Module({ controllers: [SaturationController], providers: [SaturationService, SaturationRepository] })
export class SaturationModule {}
