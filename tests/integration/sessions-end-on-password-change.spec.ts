import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../apps/api/src/modules/auth/auth.repository.js';
import { AuthService } from '../../apps/api/src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// A changed password ends the sessions opened with the old one (all but the session that made the
// change, when users change their own), and a disabled user's API keys stop working at once.

const ADMIN = { email: 'admin@example.org', password: 'correct horse battery staple' };
const ANALYST = { email: 'analyst@example.org', password: 'analyst password 12345' };

describe('sessions and keys end when credentials change', () => {
  let t: TestApp;
  let ids: { admin: number; analyst: number };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await t.ds.query('TRUNCATE app_user, user_session, api_key, audit_log RESTART IDENTITY CASCADE');
    const auth = new AuthService(new AuthRepository(t.ds), t.config);
    ids = {
      admin: (await auth.createUser(ADMIN.email, ADMIN.password, 'admin')).id,
      analyst: (await auth.createUser(ANALYST.email, ANALYST.password, 'analyst')).id,
    };
  });

  async function login(u: { email: string; password: string }) {
    const res = await t.http().post('/api/auth/login').send(u);
    expect(res.status).toBe(200);
    return { cookie: (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0], csrf: res.body.csrfToken as string };
  }
  const whoAmI = async (cookie: string) => (await t.http().get('/api/auth/me').set('Cookie', cookie)).body.principal as { kind: string; name?: string };

  it("an admin changing another user's password ends every session of that user", async () => {
    const a1 = await login(ANALYST);
    const a2 = await login(ANALYST);
    const admin = await login(ADMIN);
    expect((await whoAmI(a1.cookie)).kind).toBe('user');
    const res = await t.http().patch(`/api/admin/users/${ids.analyst}`).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrf).send({ password: 'a brand new password 99' });
    expect(res.status).toBe(200);
    expect((await whoAmI(a1.cookie)).kind).toBe('anonymous');
    expect((await whoAmI(a2.cookie)).kind).toBe('anonymous');
    expect((await whoAmI(admin.cookie)).kind).toBe('user');
    // the new password works, the old one does not
    expect((await t.http().post('/api/auth/login').send({ email: ANALYST.email, password: 'a brand new password 99' })).status).toBe(200);
    expect((await t.http().post('/api/auth/login').send(ANALYST)).status).toBe(401);
  });

  it('a user changing their own password keeps the session that made the change and loses the others', async () => {
    const here = await login(ADMIN);
    const elsewhere = await login(ADMIN);
    const res = await t.http().patch(`/api/admin/users/${ids.admin}`).set('Cookie', here.cookie).set('X-CSRF-Token', here.csrf).send({ password: 'another long password 42' });
    expect(res.status).toBe(200);
    expect((await whoAmI(here.cookie)).name).toBe(ADMIN.email);
    expect((await whoAmI(elsewhere.cookie)).kind).toBe('anonymous');
  });

  it("a disabled user's API keys stop working at once", async () => {
    // the analyst is promoted to admin, creates a key, and is then disabled by another admin
    const auth = new AuthService(new AuthRepository(t.ds), t.config);
    const second = await auth.createUser('second-admin@example.org', 'second admin password', 'admin');
    const s = await login({ email: 'second-admin@example.org', password: 'second admin password' });
    const created = await t.http().post('/api/admin/api-keys').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).send({ name: 'etl', role: 'researcher' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect((await t.http().get('/api/auth/me').set('X-API-Key', key)).body.principal.kind).toBe('apiKey');

    const admin = await login(ADMIN);
    const off = await t.http().patch(`/api/admin/users/${second.id}`).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrf).send({ disabled: true });
    expect(off.status).toBe(200);
    const after = await t.http().get('/api/metrics/postings').set('X-API-Key', key);
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/disabled/);
    // enabled again, the key works again (it was never revoked)
    await t.http().patch(`/api/admin/users/${second.id}`).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrf).send({ disabled: false });
    expect((await t.http().get('/api/auth/me').set('X-API-Key', key)).body.principal.kind).toBe('apiKey');
  });
});
