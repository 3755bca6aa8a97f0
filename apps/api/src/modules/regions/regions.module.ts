import { Module } from '@nestjs/common';
import { RegionsController } from './regions.controller.js';
import { RegionsRepository } from './regions.repository.js';
import { RegionsService } from './regions.service.js';

@Module({ controllers: [RegionsController], providers: [RegionsService, RegionsRepository], exports: [RegionsService] })
export class RegionsModule {}
