import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Problem } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { AuthService, SESSION_COOKIE } from './auth.service.js';
import { POLICY_KEY, type RoutePolicy } from './policy.decorator.js';
import { ANONYMOUS, roleAtLeast } from './roles.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authenticates every request (session cookie, API key, or anonymous) and enforces the route's
 * policy. A route without a policy is refused: access is never granted by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('AuthGuard');
  private readonly warned = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [ctx.getHandler(), ctx.getClass()]);
    await this.authenticate(req);
    // Nothing answered to a signed-in user or an API key may be kept by a browser or proxy cache.
    if (req.principal?.kind !== 'anonymous') ctx.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    if (policy === undefined) {
      // Access is never granted by omission: a route without @Policy() is refused for everyone, and
      // the authorization-matrix test fails for it.
      const key = `${req.method} ${req.route?.path ?? req.path}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.log.error(`route ${key} has no @Policy(); refusing it`);
      }
      throw new Problem(HttpStatus.FORBIDDEN, 'Forbidden', 'This route has no access policy.');
    }
    return this.authorize(req, policy);
  }

  private authorize(req: Request, policy: RoutePolicy): boolean {
    if (policy === 'public') return true;
    const p = req.principal!;
    const allowed = roleAtLeast(p.role, policy) || (policy === 'viewer' && p.kind === 'anonymous' && this.config.anonymousViewer);
    if (!allowed) {
      if (p.kind === 'anonymous') throw new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', `Sign in or send an API key: this requires the ${policy} role.`);
      throw new Problem(HttpStatus.FORBIDDEN, 'Forbidden', `This requires the ${policy} role; you have ${p.role}.`);
    }
    // CSRF: a cookie-authenticated change must echo the session's token in a header that a
    // cross-site form cannot set. API keys are not sent automatically by browsers, so they are exempt.
    if (p.kind === 'user' && UNSAFE.has(req.method)) {
      const sent = req.get('x-csrf-token');
      if (!sent || sent !== req.csrfToken) throw new Problem(HttpStatus.FORBIDDEN, 'Forbidden', 'Missing or wrong X-CSRF-Token header.');
    }
    return true;
  }

  private async authenticate(req: Request): Promise<void> {
    if (req.principal) return;
    req.principal = ANONYMOUS;
    req.csrfToken = null;
    const header = req.get('authorization');
    const key = req.get('x-api-key') ?? (header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined);
    if (key) {
      const p = await this.auth.fromApiKey(key);
      if (!p) throw new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', 'The API key is unknown or revoked, or the user who created it is disabled.');
      req.principal = p;
      return;
    }
    const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
    if (cookie && cookie.length < 200) {
      const s = await this.auth.fromSession(cookie);
      if (s) {
        req.principal = s.principal;
        req.csrfToken = s.csrfToken;
      }
    }
  }
}
