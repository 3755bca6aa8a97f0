import { Controller, Get, Query } from '@nestjs/common';
import type { FindingsResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { FindingsService } from './findings.service.js';

/** Key findings for a region and period (rules in docs/methodology.md, "Key findings"). */
@Controller('findings')
@Policy('viewer')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  get(@Query() query: Record<string, unknown>): Promise<FindingsResponse> {
    return this.findings.findings(query);
  }
}
