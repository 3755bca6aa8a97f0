import { Injectable } from '@nestjs/common';
import type { ApiKeySummary, AuditEntry, Role, UserSummary } from '@credpulse/contracts';
import { DataSource } from 'typeorm';

export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

const toUser = (r: UserRow): UserSummary => ({
  id: r.id,
  email: r.email,
  role: r.role,
  disabled: r.disabled,
  createdAt: new Date(r.created_at).toISOString(),
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
});

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

// TypeORM's postgres driver answers an UPDATE ... RETURNING with [rows, affectedCount], not rows.
const firstReturned = <T>(res: unknown): T | undefined => (Array.isArray(res) && Array.isArray(res[0]) ? (res[0][0] as T | undefined) : undefined);

@Injectable()
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  async userByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.ds.query('SELECT * FROM app_user WHERE lower(email) = lower($1)', [email]);
    return row;
  }

  async createUser(email: string, passwordHash: string, role: Role): Promise<UserSummary> {
    const [row] = await this.ds.query('INSERT INTO app_user(email, password_hash, role) VALUES ($1, $2, $3) RETURNING *', [email, passwordHash, role]);
    return toUser(row);
  }

  /**
   * Changes a user. A new role or disabling ends every session of the user; a new password ends
   * every session but `keepSession` (the token hash of the session that changed its own password).
   */
  async updateUser(id: number, patch: { role?: Role; disabled?: boolean; passwordHash?: string }, keepSession?: string): Promise<UserSummary | undefined> {
    const row = firstReturned<UserRow>(
      await this.ds.query(
        `UPDATE app_user SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), password_hash = COALESCE($4, password_hash)
       WHERE id = $1 RETURNING *`,
        [id, patch.role ?? null, patch.disabled ?? null, patch.passwordHash ?? null],
      ),
    );
    if (row && (patch.disabled || patch.role)) await this.ds.query('DELETE FROM user_session WHERE user_id = $1', [id]);
    else if (row && patch.passwordHash) await this.ds.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [id, keepSession ?? null]);
    return row ? toUser(row) : undefined;
  }

  async listUsers(): Promise<UserSummary[]> {
    const rows: UserRow[] = await this.ds.query('SELECT * FROM app_user ORDER BY id');
    return rows.map(toUser);
  }

  async createSession(tokenHash: string, userId: number, csrf: string, hours: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO user_session(token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [tokenHash, userId, csrf, Math.round(hours * 3600)],
    );
    await this.ds.query('UPDATE app_user SET last_login_at = now() WHERE id = $1', [userId]);
    await this.ds.query('DELETE FROM user_session WHERE expires_at < now()');
  }

  async sessionUser(tokenHash: string): Promise<{ id: number; email: string; role: Role; csrf_token: string } | undefined> {
    const [row] = await this.ds.query(
      `SELECT u.id, u.email, u.role, s.csrf_token FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [tokenHash],
    );
    return row;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.ds.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash]);
  }

  async createApiKey(prefix: string, keyHash: string, name: string, role: Role, createdBy: number | null): Promise<ApiKeySummary> {
    const [row] = await this.ds.query(
      'INSERT INTO api_key(prefix, key_hash, name, role, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [prefix, keyHash, name, role, createdBy],
    );
    return toKey(row);
  }

  /** The key and whether the user who created it is disabled now (its keys then stop working at once). */
  async apiKeyByPrefix(prefix: string): Promise<{ id: number; key_hash: string; name: string; role: Role; revoked_at: Date | null; owner_disabled: boolean } | undefined> {
    const [row] = await this.ds.query(
      `SELECT k.id, k.key_hash, k.name, k.role, k.revoked_at, COALESCE(u.disabled, false) AS owner_disabled
       FROM api_key k LEFT JOIN app_user u ON u.id = k.created_by WHERE k.prefix = $1`,
      [prefix],
    );
    return row;
  }

  async touchApiKey(id: number): Promise<void> {
    // last_used_at at minute resolution: one write per key per minute, not per request
    await this.ds.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }

  async listApiKeys(): Promise<ApiKeySummary[]> {
    const rows = await this.ds.query('SELECT * FROM api_key ORDER BY id');
    return rows.map(toKey);
  }

  async revokeApiKey(id: number): Promise<ApiKeySummary | undefined> {
    const row = firstReturned<Parameters<typeof toKey>[0]>(await this.ds.query('UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING *', [id]));
    return row ? toKey(row) : undefined;
  }

  async audit(e: { actor: string; role: string; action: string; dataset?: string; filters?: Record<string, unknown>; rows?: number; detail?: string }): Promise<void> {
    await this.ds.query('INSERT INTO audit_log(actor, role, action, dataset, filters, rows, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      e.actor,
      e.role,
      e.action,
      e.dataset ?? null,
      JSON.stringify(e.filters ?? {}),
      e.rows ?? null,
      e.detail ?? null,
    ]);
  }

  async listAudit(limit: number): Promise<AuditEntry[]> {
    const rows = await this.ds.query('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT $1', [limit]);
    return rows.map((r: { id: string; at: Date; actor: string; role: string; action: string; dataset: string | null; filters: Record<string, unknown>; rows: string | null; detail: string | null }) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      role: r.role,
      action: r.action,
      dataset: r.dataset,
      filters: r.filters,
      rows: r.rows === null ? null : Number(r.rows),
      detail: r.detail,
    }));
  }
}

function toKey(r: { id: number; name: string; prefix: string; role: Role; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): ApiKeySummary {
  return { id: r.id, name: r.name, prefix: r.prefix, role: r.role, createdAt: iso(r.created_at)!, lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at) };
}
