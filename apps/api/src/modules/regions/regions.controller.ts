import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REGION_KINDS, type CustomRegion, type RegionListResponse } from '@credpulse/contracts';
import { Policy } from '../auth/policy.decorator.js';
import { RegionsService } from './regions.service.js';

const actorOf = (req: Request) => ({ name: req.principal!.name, role: req.principal!.role ?? 'none' });

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

  // Analysts and admins build regions (issue 17); every change is audited.
  @Post('custom')
  @Policy('analyst')
  @ApiOperation({ summary: 'Create a custom region {name, description, counties: ["06037", ...]}; every county is validated' })
  create(@Body() body: unknown, @Req() req: Request): Promise<CustomRegion> {
    return this.regions.create(body, actorOf(req));
  }

  @Post('custom/import')
  @Policy('analyst')
  importCsv(@Req() req: Request): Promise<{ created: CustomRegion[] }> {
    return this.regions.importCsv(req, actorOf(req));
  }

  @Put('custom/:id')
  @Policy('analyst')
  update(@Param('id') id: string, @Body() body: unknown, @Req() req: Request): Promise<CustomRegion> {
    return this.regions.update(id, body, actorOf(req));
  }

  @Delete('custom/:id')
  @Policy('analyst')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.regions.remove(id, actorOf(req));
  }
}
