import { Module } from '@nestjs/common';
import { PublicDataController } from './public-data.controller.js';
import { PublicDataService } from './public-data.service.js';

@Module({ controllers: [PublicDataController], providers: [PublicDataService], exports: [PublicDataService] })
export class PublicDataModule {}
