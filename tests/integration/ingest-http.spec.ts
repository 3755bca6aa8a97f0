import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// As text: superagent would JSON-encode a Buffer sent with a JSON content type.
const sample = (p: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'samples', p), 'utf8');

describe('uploading files through POST /api/ingest/:format', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    // 2 MiB: above the 1 MB JSON body limit of the rest of the API, small enough to exceed in a test.
    t = await startTestApp({ maxUploadBytes: 2 * 1024 * 1024 });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await truncateFacts(t.ds);
    admin = await t.apiKey('admin');
  });

  it('an admin uploads an Open Badges 3.0 credential and it is counted as one accepted award', async () => {
    const res = await t.http().post('/api/ingest/obv3?filename=simple.json').set('X-API-Key', admin).set('Content-Type', 'application/json').send(sample('openbadges_v3/simple.json'));
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toBe(0);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM credential_award');
    expect(n).toBe(1);
    const runs = await t.http().get('/api/ingest/runs').set('X-API-Key', admin);
    expect(runs.body[0]).toMatchObject({ format: 'obv3', fileName: 'simple.json', accepted: 1 });
  });

  it('a malformed issuer comes back as a rejected record with its JSON pointer, field and reason', async () => {
    const res = await t.http().post('/api/ingest/obv3?filename=bad.json').set('X-API-Key', admin).set('Content-Type', 'application/json').send(sample('openbadges_v3/simple-err-issuer.json'));
    expect([200, 422]).toContain(res.status);
    const errors = res.body.errors as { file: string; pointer?: string; field: string; reason: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].file).toBe('bad.json');
    expect(errors[0].pointer ?? '').toMatch(/issuer/);
    expect(errors[0].reason.length).toBeGreaterThan(5);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM credential_award');
    expect(n).toBe(0);
  });

  it('anonymous and viewer uploads are refused', async () => {
    const anon = await t.http().post('/api/ingest/obv3').send(sample('openbadges_v3/simple.json'));
    expect(anon.status).toBe(401);
    const viewer = await t.http().post('/api/ingest/obv3').set('X-API-Key', await t.apiKey('viewer')).send(sample('openbadges_v3/simple.json'));
    expect(viewer.status).toBe(403);
  });

  it('an unknown format is a 400 naming the allowed formats with a close match', async () => {
    const res = await t.http().post('/api/ingest/obv4').set('X-API-Key', admin).send('{}');
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe('format');
    expect(res.body.allowed).toContain('obv3');
    expect(res.body.suggestion).toBe('obv3');
  });

  it('an upload over the size limit gets 413 with the limit in the message and loads nothing', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const res = await t.http().post('/api/ingest/postings-csv').set('X-API-Key', admin).set('Content-Type', 'text/csv').send(big);
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/CREDPULSE_MAX_UPLOAD_MB/);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM job_posting');
    expect(n).toBe(0);
  });

  it('JSON uploads above the 1 MB API body limit are not cut off by the JSON parser', async () => {
    // The ingest route streams its body itself; a 1.2 MB JSON array must reach the parser whole.
    // (One app only: the embedded database takes a single connection.)
    const docs = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ '@context': 'https://schema.org', '@type': 'JobPosting', title: `Job ${i}`, description: 'x'.repeat(400) })));
    expect(docs.length).toBeGreaterThan(1_100_000);
    const res = await t.http().post('/api/ingest/jobposting?filename=many.json&dryRun=true').set('X-API-Key', admin).set('Content-Type', 'application/json').send(docs);
    expect(res.status).not.toBe(413);
    expect(res.body.accepted + res.body.rejected).toBe(3000);
  });
});
