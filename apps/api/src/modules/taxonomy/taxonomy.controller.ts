import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PICKER_KINDS, type PickerResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { TaxonomyService } from './taxonomy.service.js';

/** Code lists for filter pickers: GET /api/taxonomy/{naics,soc,cip,skills,credentials,providers}?q=&limit= */
@ApiTags('taxonomy')
@Controller('taxonomy')
@Policy('viewer')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get(':kind')
  @ApiOperation({ summary: 'Search a code list for a filter picker (ranked: exact code, code prefix, title prefix, title contains)' })
  @ApiParam({ name: 'kind', enum: PICKER_KINDS })
  @ApiQuery({ name: 'q', required: false, description: 'code prefix or title words, case-insensitive' })
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  @ApiQuery({ name: 'level', required: false, description: 'naics 2-6, soc major|minor|broad|detailed, cip 2|4|6' })
  @ApiQuery({ name: 'source', required: false, description: 'skills: onet | esco' })
  @ApiQuery({ name: 'type', required: false, description: 'credentials: credential type' })
  pick(@Param('kind') kind: string, @Query() query: Record<string, unknown>): Promise<PickerResponse> {
    return this.taxonomy.pick(kind, query);
  }
}
