import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@example.org', password: 'correct horse battery staple' };

describe('access control', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ds.query('TRUNCATE app_user, user_session, api_key, audit_log RESTART IDENTITY CASCADE');
    const { AuthService } = await import('../../apps/api/src/modules/auth/auth.service.js');
    const { AuthRepository } = await import('../../apps/api/src/modules/auth/auth.repository.js');
    await new AuthService(new AuthRepository(t.ds), t.config).createUser(ADMIN.email, ADMIN.password, 'admin');
  });

  async function login(email = ADMIN.email, password = ADMIN.password) {
    const res = await t.http().post('/api/auth/login').send({ email, password });
    const cookie = res.headers['set-cookie'] as unknown as string[] | undefined;
    return { res, cookie: cookie?.[0]?.split(';')[0], csrf: res.body.csrfToken as string };
  }

  it('an anonymous visitor is refused admin routes with 401 problem+json', async () => {
    const res = await t.http().get('/api/admin/users');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/admin role/);
  });

  it('a wrong password and an unknown e-mail give the same 401', async () => {
    const a = await login(ADMIN.email, 'not the right password');
    const b = await login('nobody@example.org', 'not the right password');
    expect(a.res.status).toBe(401);
    expect(b.res.status).toBe(401);
    expect(a.res.body.detail).toBe(b.res.body.detail);
  });

  it('login sets an HttpOnly SameSite=Strict session cookie and /auth/me knows the user', async () => {
    const { res, cookie } = await login();
    expect(res.status).toBe(200);
    const raw = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Strict/i);
    const me = await t.http().get('/api/auth/me').set('Cookie', cookie!);
    expect(me.body.principal).toMatchObject({ kind: 'user', name: ADMIN.email, role: 'admin' });
    const logout = await t.http().post('/api/auth/logout').set('Cookie', cookie!);
    expect(logout.status).toBe(204);
    const after = await t.http().get('/api/auth/me').set('Cookie', cookie!);
    expect(after.body.principal.kind).toBe('anonymous');
  });

  it('a cookie-authenticated change without the CSRF token is refused; with it, it succeeds', async () => {
    const { cookie, csrf } = await login();
    const without = await t.http().post('/api/admin/api-keys').set('Cookie', cookie!).send({ name: 'etl', role: 'viewer' });
    expect(without.status).toBe(403);
    expect(without.body.detail).toMatch(/CSRF/);
    const withToken = await t.http().post('/api/admin/api-keys').set('Cookie', cookie!).set('X-CSRF-Token', csrf).send({ name: 'etl', role: 'viewer' });
    expect(withToken.status).toBe(201);
    expect(withToken.body.key).toMatch(/^cpk_/);
  });

  it('an API key is shown once, stored hashed, scoped to its role, records last use, and can be revoked', async () => {
    const adminKey = await t.apiKey('admin');
    const created = await t.http().post('/api/admin/api-keys').set('X-API-Key', adminKey).send({ name: 'dashboard-bot', role: 'viewer' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    const [stored] = await t.ds.query('SELECT key_hash FROM api_key WHERE id = $1', [created.body.id]);
    expect(stored.key_hash).not.toContain(key.split('_')[2]);
    const list = await t.http().get('/api/admin/api-keys').set('X-API-Key', adminKey);
    expect(JSON.stringify(list.body)).not.toContain(key);

    const asViewer = await t.http().get('/api/admin/users').set('Authorization', `Bearer ${key}`);
    expect(asViewer.status).toBe(403);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`);
    expect(me.body.principal).toMatchObject({ kind: 'apiKey', role: 'viewer' });
    const [used] = await t.ds.query('SELECT last_used_at FROM api_key WHERE id = $1', [created.body.id]);
    expect(used.last_used_at).not.toBeNull();

    const revoked = await t.http().delete(`/api/admin/api-keys/${created.body.id}`).set('X-API-Key', adminKey);
    expect(revoked.status).toBe(200);
    const after = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${key}`);
    expect(after.status).toBe(401);
  });

  it('admin actions are written to the audit log that admins can read', async () => {
    const adminKey = await t.apiKey('admin');
    await t.http().post('/api/admin/users').set('X-API-Key', adminKey).send({ email: 'ana@example.org', password: 'a long enough password', role: 'analyst' });
    const audit = await t.http().get('/api/admin/audit').set('X-API-Key', adminKey);
    expect(audit.status).toBe(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('user.create');
  });

  it('bad user input gets 400 naming the field, never 500', async () => {
    const adminKey = await t.apiKey('admin');
    const badRole = await t.http().post('/api/admin/users').set('X-API-Key', adminKey).send({ email: 'x@example.org', password: 'a long enough password', role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.parameter).toBe('role');
    const shortPw = await t.http().post('/api/admin/users').set('X-API-Key', adminKey).send({ email: 'x@example.org', password: 'short', role: 'viewer' });
    expect(shortPw.status).toBe(400);
    expect(shortPw.body.parameter).toBe('password');
    const badJson = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(badJson.status).toBe(400);
    const badId = await t.http().delete('/api/admin/api-keys/abc').set('X-API-Key', adminKey);
    expect(badId.status).toBe(400);
  });

  it('a body over 1 MB is refused with 413', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a'.repeat(1_100_000), password: 'x' }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('security headers are set and CORS is closed', async () => {
    const res = await t.http().get('/api/health').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('access control with anonymous viewing off and a low rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ anonymousViewer: false, rateLimit: 5 });
  });
  afterAll(() => t.close());

  it('the sixth request in a minute gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await t.http().get('/api/health');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses[6]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
