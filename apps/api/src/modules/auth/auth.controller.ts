import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { SessionResponse } from '@credpulse/contracts';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { AuthService, SESSION_COOKIE } from './auth.service.js';
import { Policy } from './policy.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Login is where passwords are guessed: a far lower rate than the rest of the API.
  @Post('login')
  @Policy('public')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async login(@Body() body: { email?: unknown; password?: unknown } | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const { sessionToken, csrfToken, principal } = await this.auth.login(body?.email, body?.password);
    res.cookie(SESSION_COOKIE, sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: this.config.sessionHours * 3600_000,
    });
    return { principal, csrfToken, anonymousViewing: this.config.anonymousViewer };
  }

  @Post('logout')
  @Policy('public')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout((req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Policy('public')
  me(@Req() req: Request): SessionResponse {
    return { principal: req.principal!, csrfToken: req.csrfToken ?? null, anonymousViewing: this.config.anonymousViewer };
  }
}
