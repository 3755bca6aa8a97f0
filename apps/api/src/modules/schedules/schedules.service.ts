import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ProblemFieldError, Schedule, SchedulerStatus, ScheduleRun } from '@credpulse/contracts';
import { notFound, parseId, Problem } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { resolveSavedView } from './schedule.delivery.js';
import { readScheduleInput } from './schedule.input.js';
import { SchedulerService } from './scheduler.service.js';
import { SchedulesRepository } from './schedules.repository.js';

function invalid(errors: ProblemFieldError[]): Problem {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new Problem(HttpStatus.BAD_REQUEST, 'Invalid schedule', `${first.pointer || '/'}: ${first.reason}${more}`, { errors });
}

@Injectable()
export class SchedulesService {
  constructor(
    private readonly repo: SchedulesRepository,
    private readonly scheduler: SchedulerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  status(): SchedulerStatus {
    const cfg = this.config.schedules;
    return { enabled: cfg?.enabled ?? false, running: this.scheduler.running, deliveryDir: cfg?.deliveryDir ?? '', email: Boolean(cfg?.smtpUrl), everyMinuteAllowed: cfg?.everyMinute ?? false };
  }

  list(): Promise<Schedule[]> {
    return this.repo.list();
  }

  async create(body: unknown, actor: { name: string; role: string }): Promise<Schedule> {
    const { input, errors } = readScheduleInput(body, this.config.schedules?.everyMinute ?? false);
    if (!input) throw invalid(errors);
    if (input.target.kind === 'saved-view') {
      const r = resolveSavedView(input.target.savedViewId, await this.repo.savedView(input.target.savedViewId));
      const reason = !r.target ? r.reason : !r.shared ? `saved view ${input.target.savedViewId} is private: share it before scheduling it` : null;
      if (reason) throw invalid([{ pointer: '/target/savedViewId', field: 'target.savedViewId', reason }]);
    }
    const id = await this.repo.create(input, actor.name);
    await this.repo.audit(actor, 'schedule.create', `schedule ${id} "${input.name}": ${input.period}, ${JSON.stringify(input.target)}, ${input.recipients.length} recipient(s)`);
    // deliver the current period now rather than at the next minute's tick
    await this.scheduler.nudge();
    return (await this.repo.get(id))!;
  }

  async remove(idRaw: string, actor: { name: string; role: string }): Promise<void> {
    const id = parseId('id', idRaw);
    if (!(await this.repo.remove(id))) throw notFound(`There is no schedule ${id}.`);
    await this.repo.audit(actor, 'schedule.delete', `schedule ${id}`);
  }

  async runs(query: Record<string, unknown>, idRaw?: string): Promise<ScheduleRun[]> {
    const id = idRaw === undefined ? undefined : parseId('id', idRaw);
    if (id !== undefined && !(await this.repo.get(id))) throw notFound(`There is no schedule ${id}.`);
    const limit = query.limit === undefined ? 100 : parseId('limit', query.limit, 1000);
    return this.repo.runs(limit, id);
  }
}
