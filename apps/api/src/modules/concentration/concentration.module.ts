import { Module } from '@nestjs/common';
import { ConcentrationController } from './concentration.controller.js';
import { ConcentrationRepository } from './concentration.repository.js';
import { ConcentrationService } from './concentration.service.js';

@Module({ controllers: [ConcentrationController], providers: [ConcentrationService, ConcentrationRepository], exports: [ConcentrationService] })
export class ConcentrationModule {}
