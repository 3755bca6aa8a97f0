import { Module } from '@nestjs/common';
import { SchedulerService } from './scheduler.service.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';

/** Scheduled reports: schedules, their runs, and the pg-boss job scheduler that delivers them. */
@Module({ controllers: [SchedulesController], providers: [SchedulesRepository, SchedulesService, SchedulerService] })
export class SchedulesModule {}
