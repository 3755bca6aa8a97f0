import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../apps/api/src/modules/auth/auth.repository.js';
import { AuthService } from '../../apps/api/src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Behind a TLS proxy (issue 20): Secure cookies and real client addresses with
// CREDPULSE_TRUST_PROXY; failed sign-ins back off per account and address, per address and per
// account, and never lock the right password out for everyone. Also: health without counts for
// anonymous callers when anonymous viewing is off, no-store on authenticated answers, and the
// OpenAPI document naming the cookie the server sets.

const ADMIN = { email: 'admin@example.org', password: 'correct horse battery staple' };
const WRONG = { email: ADMIN.email, password: 'not the right password' };

async function resetUsers(t: TestApp) {
  // each scenario starts without earlier failures
  t.app.get(AuthService).limiter.clear();
  await t.ds.query('TRUNCATE app_user, user_session, api_key, audit_log RESTART IDENTITY CASCADE');
  await new AuthService(new AuthRepository(t.ds), t.config).createUser(ADMIN.email, ADMIN.password, 'admin');
}

describe('behind a proxy, with CREDPULSE_TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: true });
  });
  afterAll(() => t?.close());
  beforeEach(() => resetUsers(t));

  const login = (from: string, body: object, cookie?: string) => {
    const r = t.http().post('/api/auth/login').set('X-Forwarded-For', from).set('X-Forwarded-Proto', 'https');
    return (cookie ? r.set('Cookie', cookie) : r).send(body);
  };

  it('the session cookie is Secure when the proxy says the client used https', async () => {
    const res = await login('203.0.113.7', ADMIN);
    expect(res.status).toBe(200);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('cp_session='))).toMatch(/;\s*Secure/i);
  });

  it("an address that keeps failing waits (429 + Retry-After), even with the right password; another client's right password works", async () => {
    for (let i = 0; i < 5; i++) expect((await login('198.51.100.1', WRONG)).status).toBe(401);
    const blocked = await login('198.51.100.1', ADMIN);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('198.51.100.2', ADMIN)).status).toBe(200);
    // the backoff is a wait, not a lockout: after it, the address may try again
    await new Promise((r) => setTimeout(r, Number(blocked.headers['retry-after']) * 1000 + 100));
    expect((await login('198.51.100.1', ADMIN)).status).toBe(200);
  });

  it('an account attacked from many addresses slows new addresses, never a browser that signed in before', async () => {
    const before = await login('192.0.2.10', ADMIN);
    const device = (before.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cp_device='))!.split(';')[0];
    // 25 addresses, a few tries each: past 20 failures of the account, new addresses wait
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await login(`10.9.0.${i + 1}`, WRONG)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
    const fresh = await login('192.0.2.99', ADMIN);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await login('192.0.2.10', ADMIN, device)).status).toBe(200);
  });
});

describe('without CREDPULSE_TRUST_PROXY (default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ anonymousViewer: false });
  });
  afterAll(() => t?.close());
  beforeEach(() => resetUsers(t));

  it('X-Forwarded-* headers are ignored: no Secure cookie over plain http, no address spoofing', async () => {
    const res = await t.http().post('/api/auth/login').set('X-Forwarded-Proto', 'https').set('X-Forwarded-For', '203.0.113.50').send(ADMIN);
    expect(res.status).toBe(200);
    expect((res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cp_session='))).not.toMatch(/Secure/i);
    // five failures "from" five forged addresses are one address's failures
    for (let i = 0; i < 5; i++) await t.http().post('/api/auth/login').set('X-Forwarded-For', `203.0.113.${i}`).send(WRONG);
    expect((await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.77').send(WRONG)).status).toBe(429);
  });

  it('20+ wrong passwords through one shared address do not lock out the right password of a browser that signed in before', async () => {
    const first = await t.http().post('/api/auth/login').send(ADMIN);
    const device = (first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cp_device='))!.split(';')[0];
    let refused = 0;
    for (let i = 0; i < 22; i++) if ((await t.http().post('/api/auth/login').send(WRONG)).status === 429) refused++;
    expect(refused).toBeGreaterThan(0); // the guessing is slowed down
    const res = await t.http().post('/api/auth/login').set('Cookie', device).send(ADMIN);
    expect(res.status).toBe(200);
  });

  it('health leaves out the row counts for anonymous callers when anonymous viewing is off', async () => {
    const anon = await t.http().get('/api/health');
    expect(anon.status).toBe(200);
    expect(anon.body.status).toBeDefined();
    expect(anon.body.counts).toBeUndefined();
    const key = await t.apiKey('viewer');
    const signed = await t.http().get('/api/health').set('X-API-Key', key);
    expect(typeof signed.body.counts).toBe('object');
  });

  it('every authenticated JSON answer says Cache-Control: no-store', async () => {
    const key = await t.apiKey('admin');
    for (const path of ['/api/auth/me', '/api/admin/users', '/api/metrics/postings?from=2025-01&to=2025-03', '/api/taxonomy/naics?q=11', '/api/health']) {
      const res = await t.http().get(path).set('X-API-Key', key);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('the OpenAPI document names the cookie the server sets', async () => {
    const doc = await t.http().get('/api/openapi.json');
    const schemes = Object.values(doc.body.components.securitySchemes as Record<string, { type: string; in?: string; name?: string }>);
    const cookie = schemes.find((s) => s.type === 'apiKey' && s.in === 'cookie');
    expect(cookie?.name).toBe('cp_session');
  });
});
