import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { ROLES, type ApiKeyCreated, type Principal, type Role, type UserSummary } from '@credpulse/contracts';
import { Problem } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../core/tokens.js';
import { AuthRepository } from './auth.repository.js';
import { LoginLimiter } from './login-limiter.js';

export const SESSION_COOKIE = 'cp_session';
/** Set on a successful sign-in: this browser has signed in to the account before (login backoff spares it). */
export const DEVICE_COOKIE = 'cp_device';
const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Verified when the e-mail is unknown, so that a wrong e-mail and a wrong password take equally long.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON));

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function validatePassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < 12) {
    throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', 'password must be a string of at least 12 characters', { parameter: 'password' });
  }
  if (password.length > 1024) throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', 'password must be at most 1024 characters', { parameter: 'password' });
  return password;
}

export function validateRole(role: unknown, parameter = 'role'): Role {
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', `${parameter} must be one of ${ROLES.join(', ')}`, { parameter, allowed: [...ROLES] });
  }
  return role as Role;
}

export function validateEmail(email: unknown): string {
  if (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', 'email must be an e-mail address', { parameter: 'email' });
  }
  return email.trim();
}

@Injectable()
export class AuthService {
  /** Failed sign-in backoff (per account and address, per address, per account; devices apart). */
  readonly limiter = new LoginLimiter();
  // Device cookies are HMACs of the account: with CREDPULSE_SECRET they survive restarts.
  private readonly deviceKey: Buffer;

  constructor(
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.deviceKey = config.secret ? createHash('sha256').update(`device-cookie:${config.secret}`).digest() : randomBytes(32);
  }

  /** The device cookie value of an account. */
  deviceToken(email: string): string {
    return createHmac('sha256', this.deviceKey).update(email.trim().toLowerCase()).digest('base64url');
  }

  /** True when the browser holds the device cookie of this account (it has signed in to it before). */
  isKnownDevice(email: string, cookie: string | undefined): boolean {
    if (!cookie || cookie.length > 100) return false;
    const a = Buffer.from(cookie);
    const b = Buffer.from(this.deviceToken(email));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async createUser(email: unknown, password: unknown, role: unknown): Promise<UserSummary> {
    const e = validateEmail(email);
    const r = validateRole(role);
    const p = validatePassword(password);
    if (await this.repo.userByEmail(e)) throw new Problem(HttpStatus.CONFLICT, 'Conflict', `a user with e-mail ${e} already exists`, { parameter: 'email' });
    return this.repo.createUser(e, await hash(p, ARGON), r);
  }

  /** Sets a password and ends the user's sessions, except `keepSessionToken` (the session of a user changing their own). */
  async setPassword(id: number, password: unknown, keepSessionToken?: string): Promise<UserSummary | undefined> {
    return this.repo.updateUser(id, { passwordHash: await hash(validatePassword(password), ARGON) }, keepSessionToken ? sha256(keepSessionToken) : undefined);
  }

  /** Checks the password; on success opens a session and returns its cookie token and CSRF token. */
  async login(email: unknown, password: unknown): Promise<{ sessionToken: string; csrfToken: string; principal: Principal }> {
    const fail = new Problem(HttpStatus.UNAUTHORIZED, 'Unauthorized', 'wrong e-mail or password');
    if (typeof email !== 'string' || typeof password !== 'string' || password.length > 1024 || email.length > 254) throw fail;
    const user = await this.repo.userByEmail(email);
    const ok = await verify(user?.password_hash ?? (await getDummyHash()), password).catch(() => false);
    if (!user || !ok || user.disabled) throw fail;
    const sessionToken = token();
    const csrfToken = token();
    await this.repo.createSession(sha256(sessionToken), user.id, csrfToken, this.config.sessionHours);
    return { sessionToken, csrfToken, principal: { kind: 'user', id: user.id, name: user.email, role: user.role } };
  }

  async logout(sessionToken: string | undefined): Promise<void> {
    if (sessionToken) await this.repo.deleteSession(sha256(sessionToken));
  }

  async fromSession(sessionToken: string): Promise<{ principal: Principal; csrfToken: string } | undefined> {
    const row = await this.repo.sessionUser(sha256(sessionToken));
    if (!row) return undefined;
    return { principal: { kind: 'user', id: row.id, name: row.email, role: row.role }, csrfToken: row.csrf_token };
  }

  /** API keys look like cpk_<prefix>_<secret>; the prefix finds the row, the hash proves the secret. */
  async fromApiKey(key: string): Promise<Principal | undefined> {
    const m = /^cpk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
    if (!m) return undefined;
    const row = await this.repo.apiKeyByPrefix(m[1]);
    if (!row || row.revoked_at || row.owner_disabled) return undefined;
    const a = Buffer.from(row.key_hash, 'hex');
    const b = Buffer.from(sha256(key), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    await this.repo.touchApiKey(row.id);
    return { kind: 'apiKey', id: row.id, name: `key:${row.name}`, role: row.role };
  }

  async createApiKey(name: unknown, role: unknown, createdBy: number | null): Promise<ApiKeyCreated> {
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', 'name must be a non-empty string of at most 100 characters', { parameter: 'name' });
    }
    const r = validateRole(role);
    const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
    const key = `cpk_${prefix}_${token()}`;
    const summary = await this.repo.createApiKey(prefix, sha256(key), name.trim(), r, createdBy);
    return { ...summary, key };
  }
}
