import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SavedView } from '@credpulse/contracts';
import type { Request } from 'express';
import { Policy } from '../auth/policy.decorator.js';
import { SavedViewsService } from './saved-views.service.js';

/** Saved dashboard views: any signed-in user (anonymous visitors are refused by the service). */
@ApiTags('saved-views')
@Controller('saved-views')
@Policy('viewer')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  list(@Req() req: Request, @Query() query: Record<string, unknown>): Promise<SavedView[]> {
    return this.views.list(req.principal!, query);
  }

  @Get(':id')
  get(@Req() req: Request, @Param('id') id: string): Promise<SavedView> {
    return this.views.get(req.principal!, id);
  }

  @Post()
  create(@Req() req: Request, @Body() body: unknown): Promise<SavedView> {
    return this.views.create(req.principal!, body);
  }

  @Put(':id')
  update(@Req() req: Request, @Param('id') id: string, @Body() body: unknown): Promise<SavedView> {
    return this.views.update(req.principal!, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Req() req: Request, @Param('id') id: string): Promise<void> {
    await this.views.remove(req.principal!, id);
  }
}
