import { Controller, Get } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { HealthService } from './health.service.js';

@Controller('health')
@Policy('public')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  get(): Promise<HealthResponse> {
    return this.health.check();
  }
}
