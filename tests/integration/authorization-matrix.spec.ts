import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { Role } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../apps/api/src/modules/auth/auth.repository.js';
import { AuthService } from '../../apps/api/src/modules/auth/auth.service.js';
import { POLICY_KEY, type RoutePolicy } from '../../apps/api/src/modules/auth/policy.decorator.js';
import type { AppConfig } from '../../apps/api/src/config/config.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Issue 7: every route the app registers has an explicit policy, and this table says which. A new
// route fails the "every registered route is in the table" test until it is added here (with the
// request that exercises it), and every row is tried for every role.

interface RouteCase {
  /** The @Policy() metadata the route must carry (method or controller). */
  policy: RoutePolicy;
  /** Who is really let through, when the handler narrows the route policy (record-level exports). */
  effective?: Exclude<RoutePolicy, 'public'>;
  /** Refused for every role unless CREDPULSE_RECORD_EXPORTS is on. */
  recordExportGate?: boolean;
  /** Open to the route's role, but never to anonymous visitors (a saved view belongs to someone). */
  signedIn?: boolean;
  /** The concrete path (params filled with plausible values), query and body to send. */
  path: string;
  query?: Record<string, string>;
  body?: () => unknown;
  contentType?: string;
}

let seq = 0;
const METRICS = ['postings', 'recognition', 'skill-gap', 'program-demand', 'program-skills', 'concentration', 'outcomes', 'equity', 'pathways', 'saturation'];

const MATRIX: Record<string, RouteCase> = {
  'GET /api/health': { policy: 'public', path: '/api/health' },
  'POST /api/auth/login': { policy: 'public', path: '/api/auth/login', body: () => ({ email: MATRIX_USER.email, password: MATRIX_USER.password }) },
  'POST /api/auth/logout': { policy: 'public', path: '/api/auth/logout' },
  'GET /api/auth/me': { policy: 'public', path: '/api/auth/me' },

  ...Object.fromEntries(METRICS.map((m) => [`GET /api/metrics/${m}`, { policy: 'viewer', path: `/api/metrics/${m}` } satisfies RouteCase])),
  'GET /api/taxonomy/:kind': { policy: 'viewer', path: '/api/taxonomy/naics', query: { q: 'nurs' } },
  'GET /api/regions': { policy: 'viewer', path: '/api/regions', query: { q: 'cal' } },
  'GET /api/regions/custom': { policy: 'viewer', path: '/api/regions/custom' },
  'GET /api/regions/custom/:id': { policy: 'viewer', path: '/api/regions/custom/1' },
  'POST /api/regions/custom': { policy: 'analyst', path: '/api/regions/custom', body: () => ({ name: `matrix region ${++seq}`, counties: ['06037'] }) },
  'POST /api/regions/custom/import': { policy: 'analyst', path: '/api/regions/custom/import', contentType: 'text/csv', body: () => `name,counties\nmatrix import ${++seq},06037\n` },
  'PUT /api/regions/custom/:id': { policy: 'analyst', path: '/api/regions/custom/999999', body: () => ({ name: 'renamed', counties: ['06037'] }) },
  'DELETE /api/regions/custom/:id': { policy: 'analyst', path: '/api/regions/custom/999999' },

  'GET /api/peers': { policy: 'viewer', path: '/api/peers', query: { region: 'state:06' } },
  'GET /api/saved-views': { policy: 'viewer', signedIn: true, path: '/api/saved-views' },
  'GET /api/saved-views/:id': { policy: 'viewer', signedIn: true, path: '/api/saved-views/999999' },
  'POST /api/saved-views': { policy: 'viewer', signedIn: true, path: '/api/saved-views', body: () => ({ name: `matrix view ${++seq}`, path: '/recognition', query: 'region=state:06' }) },
  'PUT /api/saved-views/:id': { policy: 'viewer', signedIn: true, path: '/api/saved-views/999999', body: () => ({ name: 'renamed', path: '/' }) },
  'DELETE /api/saved-views/:id': { policy: 'viewer', signedIn: true, path: '/api/saved-views/999999' },

  'GET /api/reports/region/:region': { policy: 'viewer', path: '/api/reports/region/state:06' },
  'GET /api/reports/region/:region.pdf': { policy: 'viewer', path: '/api/reports/region/state:06.pdf' },
  'GET /api/reports/program/:cip': { policy: 'viewer', path: '/api/reports/program/51.3801' },
  'GET /api/reports/program/:cip.pdf': { policy: 'viewer', path: '/api/reports/program/51.3801.pdf' },
  'GET /api/reports/region/:region.xlsx': { policy: 'viewer', path: '/api/reports/region/state:06.xlsx' },
  'GET /api/reports/program/:cip.xlsx': { policy: 'viewer', path: '/api/reports/program/51.3801.xlsx' },
  'GET /api/findings': { policy: 'viewer', path: '/api/findings?region=state:06' },

  'GET /api/schedules': { policy: 'analyst', path: '/api/schedules' },
  'GET /api/schedules/status': { policy: 'analyst', path: '/api/schedules/status' },
  'GET /api/schedules/runs': { policy: 'analyst', path: '/api/schedules/runs' },
  'GET /api/schedules/:id/runs': { policy: 'analyst', path: '/api/schedules/999999/runs' },
  'POST /api/schedules': { policy: 'analyst', path: '/api/schedules', body: () => ({ name: `matrix schedule ${++seq}`, period: 'monthly', target: { kind: 'region-report', region: 'state:06' } }) },
  'DELETE /api/schedules/:id': { policy: 'analyst', path: '/api/schedules/999999' },
  'GET /api/exports': { policy: 'viewer', path: '/api/exports' },
  'GET /api/exports/metrics/:metric': { policy: 'viewer', path: '/api/exports/metrics/postings', query: { format: 'csv' } },
  'GET /api/exports/views/:view': { policy: 'viewer', path: '/api/exports/views/recognition', query: { format: 'xlsx' } },
  'GET /api/exports/:dataset': { policy: 'viewer', effective: 'researcher', recordExportGate: true, path: '/api/exports/postings', query: { format: 'csv' } },
  'GET /api/exports/:dataset/meta': { policy: 'viewer', effective: 'researcher', recordExportGate: true, path: '/api/exports/postings/meta', query: { format: 'csv' } },

  'POST /api/ingest/:format': {
    policy: 'admin',
    path: '/api/ingest/postings-csv',
    query: { dryRun: 'true', filename: 'matrix.csv' },
    contentType: 'text/csv',
    body: () => 'source_key,title,posted_date,state_fips\nm-1,Registered Nurse,2025-03-01,06\n',
  },
  'GET /api/ingest/runs': { policy: 'admin', path: '/api/ingest/runs' },
  'GET /api/public-data': { policy: 'viewer', path: '/api/public-data' },
  'POST /api/public-data/:dataset': {
    policy: 'admin',
    path: '/api/public-data/ipeds-completions',
    query: { filename: 'c2023_a.csv' },
    contentType: 'text/csv',
    body: () => 'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT\n',
  },
  'GET /api/ingest/runs/:id/rejects': { policy: 'admin', path: '/api/ingest/runs/999999/rejects' },

  'GET /api/admin/users': { policy: 'admin', path: '/api/admin/users' },
  'POST /api/admin/users': { policy: 'admin', path: '/api/admin/users', body: () => ({ email: `matrix-${++seq}@example.org`, password: 'a long enough password', role: 'viewer' }) },
  'PATCH /api/admin/users/:id': { policy: 'admin', path: '/api/admin/users/999999', body: () => ({ role: 'viewer' }) },
  'GET /api/admin/api-keys': { policy: 'admin', path: '/api/admin/api-keys' },
  'POST /api/admin/api-keys': { policy: 'admin', path: '/api/admin/api-keys', body: () => ({ name: `matrix-${++seq}`, role: 'viewer' }) },
  'DELETE /api/admin/api-keys/:id': { policy: 'admin', path: '/api/admin/api-keys/999999' },
  'GET /api/admin/audit': { policy: 'admin', path: '/api/admin/audit' },
  'GET /api/admin/credential-candidates': { policy: 'admin', path: '/api/admin/credential-candidates' },
  'GET /api/admin/credential-candidates/export': { policy: 'admin', path: '/api/admin/credential-candidates/export' },
  'POST /api/admin/credential-candidates/:id/add': { policy: 'admin', path: '/api/admin/credential-candidates/999999/add' },
  'POST /api/admin/credential-candidates/:id/merge': { policy: 'admin', path: '/api/admin/credential-candidates/999999/merge' },
  'POST /api/admin/credential-candidates/:id/ignore': { policy: 'admin', path: '/api/admin/credential-candidates/999999/ignore' },
  'GET /api/admin/reextract': { policy: 'admin', path: '/api/admin/reextract' },
  'POST /api/admin/reextract': { policy: 'admin', path: '/api/admin/reextract' },
};

// Routes served outside Nest controllers (so outside the guard): the API documentation only
// (Swagger UI and its assets under /api/docs, the OpenAPI document), public on purpose.
const isApiDocumentation = (k: string) => k === 'GET /api/openapi.json' || k === 'GET /api/docs' || k.startsWith('GET /api/docs/');

const MATRIX_USER = { email: 'matrix-login@example.org', password: 'matrix password long enough' };
const ROLES: Role[] = ['viewer', 'analyst', 'researcher', 'admin'];
const RANK: Record<Exclude<RoutePolicy, 'public'>, number> = { viewer: 1, analyst: 2, researcher: 3, admin: 4 };

interface RegisteredRoute {
  key: string;
  policy: RoutePolicy | undefined;
  handler: string;
}

/** Every route Nest registered, with the policy the guard will read (handler first, then controller). */
function registeredRoutes(t: TestApp): RegisteredRoute[] {
  const scanner = new MetadataScanner();
  const out: RegisteredRoute[] = [];
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!ctrl) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of scanner.getAllMethodNames(ctrl.prototype)) {
        const fn = (ctrl.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const policy = (Reflect.getMetadata(POLICY_KEY, fn) ?? Reflect.getMetadata(POLICY_KEY, ctrl)) as RoutePolicy | undefined;
        for (const b of base) {
          for (const p of ([] as string[]).concat(paths)) {
            const path = `/api/${b}/${p}`.replace(/\/+/g, '/').replace(/\/$/, '');
            out.push({ key: `${method} ${path}`, policy, handler: `${ctrl.name}.${name}` });
          }
        }
      }
    }
  }
  return out;
}

/** Every /api route in the Express router, Nest's and anything registered beside it. */
function expressRoutes(t: TestApp): string[] {
  const instance = t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] } };
  const out: string[] = [];
  for (const layer of instance.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string' || !layer.route.path.startsWith('/api')) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path.replace(/\/$/, '')}`);
  }
  return out;
}

type Who = 'anonymous' | Role;

function expectedAllowed(c: RouteCase, who: Who, config: AppConfig): boolean {
  if (c.recordExportGate && !config.recordExports) return false;
  const needed = c.effective ?? c.policy;
  if (needed === 'public') return true;
  if (who === 'anonymous') return needed === 'viewer' && config.anonymousViewer && !c.signedIn;
  return RANK[who] >= RANK[needed];
}

for (const settings of [
  { name: 'anonymous viewing on, record exports off', anonymousViewer: true, recordExports: false },
  { name: 'anonymous viewing off, record exports on', anonymousViewer: false, recordExports: true },
] satisfies (Partial<AppConfig> & { name: string })[]) {
  describe(`authorization matrix (${settings.name})`, () => {
    let t: TestApp;
    const keys = new Map<Role, string>();

    beforeAll(async () => {
      t = await startTestApp({ anonymousViewer: settings.anonymousViewer, recordExports: settings.recordExports });
      await truncateFacts(t.ds);
      await t.ds.query('TRUNCATE app_user, user_session, api_key, audit_log RESTART IDENTITY CASCADE');
      await new AuthService(new AuthRepository(t.ds), t.config).createUser(MATRIX_USER.email, MATRIX_USER.password, 'viewer');
      for (const r of ROLES) keys.set(r, await t.apiKey(r));
    });
    afterAll(async () => t?.close());

    it('every registered route carries a @Policy() and is in the matrix with that policy', () => {
      const routes = registeredRoutes(t);
      expect(routes.length).toBeGreaterThan(20);
      const withoutPolicy = routes.filter((r) => r.policy === undefined).map((r) => `${r.key} (${r.handler})`);
      expect(withoutPolicy, 'routes without @Policy()').toEqual([]);
      const missing = routes.filter((r) => !(r.key in MATRIX)).map((r) => `${r.key} (${r.handler})`);
      expect(missing, 'registered routes missing from the authorization matrix').toEqual([]);
      for (const r of routes) expect(r.policy, r.key).toBe(MATRIX[r.key].policy);
      const stale = Object.keys(MATRIX).filter((k) => !routes.some((r) => r.key === k));
      expect(stale, 'matrix rows with no registered route').toEqual([]);
    });

    it('no /api route is served outside Nest (and its guard) except the API documentation', () => {
      const nest = new Set(registeredRoutes(t).map((r) => r.key.replace(/\/:(\w+)/g, '/:$1')));
      const extra = expressRoutes(t).filter((k) => !nest.has(k) && !isApiDocumentation(k));
      expect(extra).toEqual([]);
    });

    for (const who of ['anonymous', ...ROLES] as Who[]) {
      it(`${who}: each route is allowed or refused as its policy says`, async () => {
        const failures: string[] = [];
        for (const [key, c] of Object.entries(MATRIX)) {
          const method = key.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
          let req = t.http()[method](c.path).query(c.query ?? {});
          if (who !== 'anonymous') req = req.set('X-API-Key', keys.get(who)!);
          if (c.body) req = c.contentType ? req.set('Content-Type', c.contentType).send(c.body() as string) : req.send(c.body() as object);
          const res = await req;
          const allowed = expectedAllowed(c, who, t.config);
          const problem = String(res.body?.detail ?? '');
          if (allowed) {
            if (res.status === 401 || res.status === 403 || res.status >= 500) failures.push(`${key}: expected allowed, got ${res.status} ${problem}`);
          } else if (c.recordExportGate && !t.config.recordExports) {
            // The server-wide switch refuses everyone; the anonymous may be stopped earlier by the guard.
            const ok = res.status === 403 ? /Record-level exports/.test(problem) : who === 'anonymous' && res.status === 401;
            if (!ok) failures.push(`${key}: expected refused by CREDPULSE_RECORD_EXPORTS, got ${res.status} ${problem}`);
          } else {
            const want = who === 'anonymous' ? 401 : 403;
            if (res.status !== want) failures.push(`${key}: expected ${want}, got ${res.status} ${problem}`);
            else if (!/problem\+json/.test(String(res.headers['content-type']))) failures.push(`${key}: refusal is not problem+json`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
