import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Query, Req, type PipeTransform } from '@nestjs/common';
import type { ApiKeyCreated, ApiKeySummary, AuditEntry, UserSummary } from '@credpulse/contracts';
import type { Request } from 'express';
import { badParameter, notFound, parseId, Problem } from '../../common/problem.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService, SESSION_COOKIE, validateRole } from './auth.service.js';
import { Policy } from './policy.decorator.js';

// ids are int4 columns: checked against the type before SQL (99999999999 is a 400 naming id)
const intPipe: PipeTransform<string, number> = { transform: (v) => parseId('id', v) };

@Controller('admin')
@Policy('admin')
export class AdminController {
  constructor(
    private readonly auth: AuthService,
    private readonly repo: AuthRepository,
  ) {}

  @Get('users')
  users(): Promise<UserSummary[]> {
    return this.repo.listUsers();
  }

  @Post('users')
  async createUser(@Body() body: { email?: unknown; password?: unknown; role?: unknown } | undefined, @Req() req: Request): Promise<UserSummary> {
    const user = await this.auth.createUser(body?.email, body?.password, body?.role);
    await this.repo.audit({ actor: req.principal!.name, role: req.principal!.role ?? 'none', action: 'user.create', detail: `${user.email} as ${user.role}` });
    return user;
  }

  @Patch('users/:id')
  async updateUser(@Param('id', intPipe) id: number, @Body() body: { role?: unknown; disabled?: unknown; password?: unknown } | undefined, @Req() req: Request): Promise<UserSummary> {
    if (body?.disabled !== undefined && typeof body.disabled !== 'boolean') throw badParameter('disabled', 'disabled must be true or false');
    if (req.principal?.kind === 'user' && req.principal.id === id && (body?.disabled === true || (body?.role !== undefined && body.role !== 'admin'))) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', 'an admin cannot disable or demote themselves', { parameter: 'id' });
    }
    let user = await this.repo.updateUser(id, { role: body?.role === undefined ? undefined : validateRole(body.role), disabled: body?.disabled as boolean | undefined });
    if (user && body?.password !== undefined) {
      // every session of the user ends, except the one making the change when it is their own
      const own = req.principal?.kind === 'user' && req.principal.id === id;
      const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
      user = await this.auth.setPassword(id, body.password, own ? cookie : undefined);
    }
    if (!user) throw notFound(`no user with id ${id}`);
    await this.repo.audit({ actor: req.principal!.name, role: req.principal!.role ?? 'none', action: 'user.update', detail: `${user.email}: ${JSON.stringify({ role: body?.role, disabled: body?.disabled, password: body?.password ? 'changed' : undefined })}` });
    return user;
  }

  @Get('api-keys')
  keys(): Promise<ApiKeySummary[]> {
    return this.repo.listApiKeys();
  }

  @Post('api-keys')
  async createKey(@Body() body: { name?: unknown; role?: unknown } | undefined, @Req() req: Request): Promise<ApiKeyCreated> {
    const key = await this.auth.createApiKey(body?.name, body?.role, req.principal?.kind === 'user' ? req.principal.id : null);
    await this.repo.audit({ actor: req.principal!.name, role: req.principal!.role ?? 'none', action: 'api-key.create', detail: `${key.name} (${key.prefix}) as ${key.role}` });
    return key;
  }

  @Delete('api-keys/:id')
  async revokeKey(@Param('id', intPipe) id: number, @Req() req: Request): Promise<ApiKeySummary> {
    const key = await this.repo.revokeApiKey(id);
    if (!key) throw notFound(`no API key with id ${id}`);
    await this.repo.audit({ actor: req.principal!.name, role: req.principal!.role ?? 'none', action: 'api-key.revoke', detail: `${key.name} (${key.prefix})` });
    return key;
  }

  @Get('audit')
  audit(@Query('limit') limit?: string): Promise<AuditEntry[]> {
    const n = limit === undefined ? 200 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw badParameter('limit', 'limit must be an integer from 1 to 5000');
    return this.repo.listAudit(n);
  }
}
