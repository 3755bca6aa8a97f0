import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REGION_KINDS, type CustomRegion, type RegionListResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { RegionsService } from './regions.service.js';

/** States, counties, CBSAs and custom regions, named as the `region` filter names them. */
@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @Policy('viewer')
  @ApiOperation({ summary: 'Search states, counties, CBSAs and custom regions; codes in the region filter syntax' })
  @ApiQuery({ name: 'q', required: false, description: 'code (06, county:06037, CA) or name words' })
  @ApiQuery({ name: 'kind', required: false, enum: REGION_KINDS })
  @ApiQuery({ name: 'limit', required: false, description: '1-5000, default 100' })
  list(@Query() query: Record<string, unknown>): Promise<RegionListResponse> {
    return this.regions.list(query);
  }

  @Get('custom')
  @Policy('viewer')
  listCustom(): Promise<CustomRegion[]> {
    return this.regions.listCustom();
  }

  @Get('custom/:id')
  @Policy('viewer')
  getCustom(@Param('id') id: string): Promise<CustomRegion> {
    return this.regions.getCustom(id);
  }

  @Post('custom')
  @Policy('admin')
  @ApiOperation({ summary: 'Create a custom region {name, description, counties: ["06037", ...]}; every county is validated' })
  create(@Body() body: unknown): Promise<CustomRegion> {
    return this.regions.create(body);
  }

  @Put('custom/:id')
  @Policy('admin')
  update(@Param('id') id: string, @Body() body: unknown): Promise<CustomRegion> {
    return this.regions.update(id, body);
  }

  @Delete('custom/:id')
  @Policy('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.regions.remove(id);
  }
}
