import { Module } from '@nestjs/common';
import { PathwaysSeriesService } from './pathways-series.service.js';
import { PathwaysController } from './pathways.controller.js';
import { PathwaysRepository } from './pathways.repository.js';
import { PathwaysService } from './pathways.service.js';

@Module({ controllers: [PathwaysController], providers: [PathwaysService, PathwaysRepository, PathwaysSeriesService] })
export class PathwaysModule {}
