import { Module } from '@nestjs/common';
import { EquityController } from './equity.controller.js';
import { EquityRepository } from './equity.repository.js';
import { EquityService } from './equity.service.js';

@Module({ controllers: [EquityController], providers: [EquityService, EquityRepository] })
export class EquityModule {}
