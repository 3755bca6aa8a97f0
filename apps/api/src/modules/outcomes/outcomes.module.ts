import { Module } from '@nestjs/common';
import { OutcomesSeriesService } from './outcomes-series.service.js';
import { OutcomesController } from './outcomes.controller.js';
import { OutcomesRepository } from './outcomes.repository.js';
import { OutcomesService } from './outcomes.service.js';

@Module({ controllers: [OutcomesController], providers: [OutcomesService, OutcomesRepository, OutcomesSeriesService], exports: [OutcomesService] })
export class OutcomesModule {}
