import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Schedule, SchedulerStatus, ScheduleRun } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { SchedulesService } from './schedules.service.js';

const actor = (req: Request) => ({ name: req.principal?.name ?? 'anonymous', role: req.principal?.role ?? 'none' });

/** Scheduled reports: analysts and admins schedule; runs are visible in the admin view. */
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @Policy('analyst')
  list(): Promise<Schedule[]> {
    return this.schedules.list();
  }

  @Get('status')
  @Policy('analyst')
  status(): SchedulerStatus {
    return this.schedules.status();
  }

  @Get('runs')
  @Policy('analyst')
  runs(@Query() query: Record<string, unknown>): Promise<ScheduleRun[]> {
    return this.schedules.runs(query);
  }

  @Get(':id/runs')
  @Policy('analyst')
  runsOf(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<ScheduleRun[]> {
    return this.schedules.runs(query, id);
  }

  @Post()
  @Policy('analyst')
  create(@Body() body: unknown, @Req() req: Request): Promise<Schedule> {
    return this.schedules.create(body, actor(req));
  }

  @Delete(':id')
  @Policy('analyst')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.schedules.remove(id, actor(req));
  }
}
