import { Controller, Get, Param, Query } from '@nestjs/common';
import type { PickerResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { TaxonomyService } from './taxonomy.service.js';

/** Code lists for filter pickers: GET /api/taxonomy/{naics,soc,cip,skills,credentials,providers}?q=&limit= */
@Controller('taxonomy')
@Policy('viewer')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get(':kind')
  pick(@Param('kind') kind: string, @Query() query: Record<string, unknown>): Promise<PickerResponse> {
    return this.taxonomy.pick(kind, query);
  }
}
