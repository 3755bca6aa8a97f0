export const ROLES = ['viewer', 'analyst', 'researcher', 'admin'] as const;
/** viewer: aggregates; analyst: aggregates and custom analysis; researcher: record-level exports; admin: everything. */
export type Role = (typeof ROLES)[number];

/** Who is asking: a signed-in user, an API key, or an anonymous visitor of a public dashboard. */
export interface Principal {
  kind: 'user' | 'apiKey' | 'anonymous';
  id: number | null;
  name: string;
  role: Role | null;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface SessionResponse {
  principal: Principal;
  /** Send back as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie. */
  csrfToken: string | null;
  anonymousViewing: boolean;
}

export interface UserSummary {
  id: number;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface ApiKeySummary {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returned once, when a key is created; only its hash is stored. */
export interface ApiKeyCreated extends ApiKeySummary {
  key: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  dataset: string | null;
  filters: Record<string, unknown>;
  rows: number | null;
  detail: string | null;
}
