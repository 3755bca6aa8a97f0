import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('OpenAPI document and Swagger UI', () => {
  it('serves OpenAPI 3 at /api/openapi.json documenting every metric endpoint and its query parameters', async () => {
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, { get?: { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> } }> };
    expect(doc.openapi).toMatch(/^3\./);
    const metricPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/metrics/'));
    for (const p of ['postings', 'recognition', 'skill-gap', 'program-demand', 'concentration']) expect(metricPaths).toContain(`/api/metrics/${p}`);
    for (const p of metricPaths) {
      const op = doc.paths[p].get!;
      const names = (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
      expect(names, p).toEqual(expect.arrayContaining(['from', 'to', 'region']));
      expect(Object.keys(op.responses), p).toEqual(expect.arrayContaining(['200', '400']));
    }
    const postings = doc.paths['/api/metrics/postings'].get!.parameters!.map((x) => x.name);
    expect(postings).toEqual(expect.arrayContaining(['naics', 'soc', 'groupBy', 'granularity', 'limit']));
    expect(doc.paths['/api/metrics/concentration'].get!.parameters!.map((x) => x.name)).toEqual(expect.arrayContaining(['baseFrom', 'baseTo']));
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });
});
