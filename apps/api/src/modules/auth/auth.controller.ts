import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { SessionResponse } from '@credpulse/contracts';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { Problem } from '../../common/problem.js';
import { AuthService, DEVICE_COOKIE, SESSION_COOKIE } from './auth.service.js';
import { Policy } from './policy.decorator.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Login is where passwords are guessed: failed tries back off per account and address, per
  // address and per account (LoginLimiter); a browser that signed in to the account before is
  // counted apart, so nobody can lock the right password out for everyone.
  @Post('login')
  @Policy('public')
  @HttpCode(200)
  async login(@Body() body: { email?: unknown; password?: unknown } | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const email = typeof body?.email === 'string' ? body.email.slice(0, 254) : '';
    // req.ip: the client's address, taken from X-Forwarded-For only when CREDPULSE_TRUST_PROXY says so
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const device = this.auth.isKnownDevice(email, (req as Request & { cookies?: Record<string, string> }).cookies?.[DEVICE_COOKIE]);
    this.auth.limiter.check(email, address, device);
    let session: Awaited<ReturnType<AuthService['login']>>;
    try {
      session = await this.auth.login(body?.email, body?.password);
    } catch (e) {
      if (e instanceof Problem && e.status === 401) this.auth.limiter.fail(email, address, device);
      throw e;
    }
    this.auth.limiter.succeed(email, address, device);
    const { sessionToken, csrfToken, principal } = session;
    res.cookie(SESSION_COOKIE, sessionToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: this.config.sessionHours * 3600_000,
    });
    // after the session cookie (clients that take the first Set-Cookie keep working)
    res.cookie(DEVICE_COOKIE, this.auth.deviceToken(email), { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api/auth', maxAge: 365 * 24 * 3600_000 });
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
