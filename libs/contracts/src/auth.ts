import { z } from 'zod';
import { Timestamp } from './codes.js';

export const ROLES = ['viewer', 'analyst', 'researcher', 'admin'] as const;
/** viewer: aggregates; analyst: aggregates and custom analysis; researcher: record-level exports; admin: everything. */
export const Role = z.enum(ROLES).meta({ id: 'Role', description: 'viewer < analyst < researcher < admin.' });
export type Role = z.infer<typeof Role>;

/** Who is asking: a signed-in user, an API key, or an anonymous visitor of a public dashboard. */
export const Principal = z
  .object({ kind: z.enum(['user', 'apiKey', 'anonymous']), id: z.number().int().nullable(), name: z.string(), role: Role.nullable() })
  .meta({ id: 'Principal' });
export type Principal = z.infer<typeof Principal>;

export const LoginRequest = z.object({ email: z.string(), password: z.string() }).meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionResponse = z
  .object({
    principal: Principal,
    csrfToken: z.string().nullable().describe('Send back as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie.'),
    anonymousViewing: z.boolean().describe('True when anonymous visitors may read viewer routes (CREDPULSE_ANONYMOUS_VIEWER).'),
  })
  .meta({ id: 'SessionResponse' });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const UserSummary = z
  .object({ id: z.number().int(), email: z.string(), role: Role, disabled: z.boolean(), createdAt: Timestamp, lastLoginAt: Timestamp.nullable() })
  .meta({ id: 'UserSummary' });
export type UserSummary = z.infer<typeof UserSummary>;

export const UserCreateRequest = z
  .object({ email: z.string(), password: z.string().describe('At least the configured minimum length.'), role: Role })
  .meta({ id: 'UserCreateRequest' });
export type UserCreateRequest = z.infer<typeof UserCreateRequest>;

export const UserUpdateRequest = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), password: z.string().optional() })
  .meta({ id: 'UserUpdateRequest', description: 'Fields to change; an admin cannot disable or demote themselves.' });
export type UserUpdateRequest = z.infer<typeof UserUpdateRequest>;

export const ApiKeySummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it.'),
    role: Role,
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKeySummary' });
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

/** Returned once, when a key is created; only its hash is stored. */
export const ApiKeyCreated = ApiKeySummary.extend({ key: z.string().describe('The key itself: shown once, send it as X-API-Key.') }).meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const ApiKeyCreateRequest = z.object({ name: z.string(), role: Role }).meta({ id: 'ApiKeyCreateRequest' });
export type ApiKeyCreateRequest = z.infer<typeof ApiKeyCreateRequest>;

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    dataset: z.string().nullable(),
    filters: z.record(z.string(), z.unknown()),
    rows: z.number().int().nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;
