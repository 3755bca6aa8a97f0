import { Module } from '@nestjs/common';
import { RecognitionSeriesRepository } from './recognition-series.repository.js';
import { RecognitionSeriesService } from './recognition-series.service.js';
import { RecognitionController } from './recognition.controller.js';
import { RecognitionRepository } from './recognition.repository.js';
import { RecognitionService } from './recognition.service.js';

@Module({ controllers: [RecognitionController], providers: [RecognitionService, RecognitionRepository, RecognitionSeriesService, RecognitionSeriesRepository], exports: [RecognitionService] })
export class RecognitionModule {}
