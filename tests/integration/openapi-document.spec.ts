import { validate } from '@readme/openapi-parser';
import { METRIC_NAMES } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

type Schema = Record<string, unknown> & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] };
type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Op = { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema?: Schema }> }>; security?: Record<string, string[]>[] };
type Doc = { openapi: string; info: { description: string }; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> } };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.http().get('/api/openapi.json')).body as Doc;
});
afterAll(async () => t?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })));
const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s);

describe('OpenAPI document and Swagger UI', () => {
  it('is a valid OpenAPI 3 document (standard validator)', async () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    // validate() dereferences in place: give it a copy
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result.errors ?? [], null, 1).slice(0, 2000)).toBe(true);
  });

  it('names a response schema per metric, with typed rows and totals, and the problem schema with instance', () => {
    for (const m of METRIC_NAMES) {
      const ok = doc.paths[`/api/metrics/${m}`].get.responses['200'].content!['application/json'].schema!;
      expect(ok.$ref, m).toMatch(/^#\/components\/schemas\/[A-Za-z]+(Response|Answer)$/);
      // program-demand answers one of two envelopes (groupBy=cip or award-level): check each
      const named = resolve(ok);
      for (const envelope of (named.anyOf ?? named.oneOf ?? [ok]).map(resolve)) {
        expect(envelope.required, m).toEqual(expect.arrayContaining(['query', 'rows', 'totals', 'truncated', 'suppressedCells', 'k', 'methodVersion', 'taxonomyVersions', 'dataAsOf', 'demo']));
        const row = resolve(envelope.properties!.rows.items!);
        expect(row.properties ?? row.oneOf ?? row.anyOf, `${m} rows are typed`).toBeTruthy();
        expect(envelope.properties!.totals.$ref, m).toMatch(/Totals$/);
        expect(envelope.properties!.query.$ref, m).toMatch(/Query$/);
      }
    }
    expect(resolve({ $ref: '#/components/schemas/SkillGapRow' }).properties!.supply.$ref).toBe('#/components/schemas/ProtectedCount');
    expect(Object.keys(doc.components.schemas.ProblemDetails.properties!)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'parameter', 'allowed', 'suggestion', 'errors']));
  });

  it('gives every GET a typed 200 body, every parameter a schema and a description, every write its body', () => {
    for (const { key, method, op } of operations()) {
      for (const p of op.parameters ?? []) {
        expect(p.schema && Object.keys(p.schema).length, `${key} ${p.name} has a schema`).toBeTruthy();
        expect(p.description, `${key} ${p.name} is described`).toBeTruthy();
      }
      if (method === 'get') {
        const content = op.responses['200']?.content;
        expect(content, `${key} 200 content`).toBeTruthy();
        for (const [media, c] of Object.entries(content!)) expect(c.schema && Object.keys(c.schema).length, `${key} ${media}`).toBeTruthy();
      }
    }
    for (const key of ['POST /api/auth/login', 'POST /api/regions/custom', 'PUT /api/regions/custom/{id}', 'POST /api/ingest/{format}', 'POST /api/admin/users', 'PATCH /api/admin/users/{id}', 'POST /api/admin/api-keys']) {
      const [method, path] = key.split(' ');
      expect(doc.paths[path][method.toLowerCase()].requestBody, key).toBeTruthy();
    }
  });

  it('declares errors as application/problem+json, 401 and 429 and 503 everywhere, and the security of every operation', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer', 'cookie']);
    expect(doc.components.securitySchemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cp_session' });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    for (const { key, op } of operations()) {
      for (const s of ['401', '429', '503']) expect(op.responses[s], `${key} ${s}`).toBeTruthy();
      for (const [status, r] of Object.entries(op.responses)) if (Number(status) >= 400) expect(Object.keys(r.content ?? {}), `${key} ${status}`).toEqual(['application/problem+json']);
      expect(op.security?.length, key).toBeGreaterThan(0);
    }
    // anonymous where allowed: public routes, and viewer routes while this server allows anonymous viewing (the test config does)
    expect(doc.paths['/api/health'].get.security).toContainEqual({});
    expect(doc.paths['/api/metrics/postings'].get.security).toContainEqual({});
    expect(doc.paths['/api/admin/users'].get.security).not.toContainEqual({});
    expect(Object.keys(doc.paths['/api/admin/users'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(doc.paths['/api/ingest/{format}'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '422', '429', '503']));
  });

  it('documents exactly the parameters each metric takes, with their real defaults and patterns', () => {
    const params = (m: string) => Object.fromEntries((doc.paths[`/api/metrics/${m}`].get.parameters ?? []).map((p) => [p.name, p]));
    expect(Object.keys(params('postings')).sort()).toEqual(['from', 'granularity', 'groupBy', 'limit', 'naics', 'region', 'soc', 'socSource', 'to']);
    expect(params('program-skills').cip.required).toBe(true);
    expect(params('program-demand').from.description).toMatch(/23 months before `to` \(24 months/);
    expect(params('outcomes').from.description).toMatch(/24 months/);
    expect(params('pathways').from.description).toMatch(/36 months/);
    expect(params('postings').from.description).toMatch(/12 months/);
    expect(params('outcomes').k.schema).toMatchObject({ type: 'integer', minimum: t.config.k, maximum: 9999 });
    expect(params('postings').soc.schema!.pattern).toBeTruthy();
    expect(params('postings').groupBy.schema).toMatchObject({ enum: expect.arrayContaining(['month', 'state']), default: 'month' });
    expect(params('concentration')).toHaveProperty('baseFrom');
    expect(doc.info.description).toMatch(/postings takes naics and soc but not cip/);
    for (const path of ['/api/reports/region/{region}', '/api/reports/program/{cip}']) {
      const names = doc.paths[path].get.parameters!.map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['from', 'to']));
    }
    expect(doc.paths['/api/reports/program/{cip}'].get.parameters!.map((p) => p.name)).toContain('region');
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});
