import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import type { Request } from 'express';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Policy } from '../auth/policy.decorator.js';
import { HealthService } from './health.service.js';

@Controller('health')
@Policy('public')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public (probes need it); the row counts only for those who may read the data. */
  @Get()
  get(@Req() req: Request): Promise<HealthResponse> {
    const mayRead = this.config.anonymousViewer || (req.principal !== undefined && req.principal.kind !== 'anonymous');
    return this.health.check({ counts: mayRead });
  }
}
