import { Module } from '@nestjs/common';
import { ConcentrationController } from './concentration.controller.js';
import { ConcentrationService } from './concentration.service.js';

@Module({ controllers: [ConcentrationController], providers: [ConcentrationService], exports: [ConcentrationService] })
export class ConcentrationModule {}
