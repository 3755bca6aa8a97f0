import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PeersResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { PeersService } from './peers.service.js';

@ApiTags('regions')
@Controller('peers')
@Policy('viewer')
export class PeersController {
  constructor(private readonly peers: PeersService) {}

  @Get()
  get(@Query() query: Record<string, unknown>): Promise<PeersResponse> {
    return this.peers.compute(query);
  }
}
