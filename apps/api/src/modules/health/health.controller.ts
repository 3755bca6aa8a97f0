import { Controller, Get } from '@nestjs/common';
import type { HealthResponse } from '@credpulse/contracts';
import { HealthService } from './health.service.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  get(): Promise<HealthResponse> {
    return this.health.check();
  }
}
