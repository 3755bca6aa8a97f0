import type { MigrationInterface, QueryRunner } from 'typeorm';

// Users, sessions, API keys and the audit log. Secrets are stored hashed: passwords with argon2id,
// session tokens and API keys (both 256-bit random) with SHA-256.
export class AccessControl1764130400000 implements MigrationInterface {
  name = 'AccessControl1764130400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id serial PRIMARY KEY,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'researcher', 'admin')),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      );
      CREATE TABLE user_session (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX user_session_user_idx ON user_session(user_id);
      CREATE TABLE api_key (
        id serial PRIMARY KEY,
        prefix text NOT NULL UNIQUE,
        key_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'researcher', 'admin')),
        created_by integer REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text NOT NULL,
        action text NOT NULL,
        dataset text,
        filters jsonb NOT NULL DEFAULT '{}',
        rows bigint,
        detail text
      );
      CREATE INDEX audit_log_at_idx ON audit_log(at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS audit_log, api_key, user_session, app_user CASCADE');
  }
}
