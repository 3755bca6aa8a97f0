import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Bad values cost their own record, never the file, and the database never speaks to the client
// (issue 20: one NUL failed a whole postings CSV with "invalid byte sequence for encoding UTF8";
// an id of 99999999999 answered "value ... is out of range for type integer").

const RAW_PG = /out of range for type|invalid byte sequence|violates|syntax for type|relation "|column "/i;

describe('bad values are per-record errors and never raw database messages', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ maxUploadBytes: 8 * 1024 * 1024 });
    await truncateFacts(t.ds);
    admin = await t.apiKey('admin');
  });
  afterAll(() => t?.close());

  const upload = (name: string, body: string | Buffer) =>
    t.http().post(`/api/ingest/postings-csv?filename=${name}`).set('X-API-Key', admin).set('Content-Type', 'text/csv').send(Buffer.isBuffer(body) ? body : Buffer.from(body));

  it('one NUL byte in a postings CSV rejects that row only, naming line and field; the others load', async () => {
    const res = await upload('nul.csv', 'source_key,title,posted_date,employer\nn1,Nurse,2025-01-02,Acme\nn2,Welder,2025-01-03,Ev\u0000il Corp\nn3,Driver,2025-01-04,Co\n');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ file: 'nul.csv', line: 3, field: 'employer', reason: expect.stringMatching(/NUL/) })]);
    const rows = await t.ds.query(`SELECT source_key FROM job_posting WHERE source_key IN ('n1', 'n2', 'n3') ORDER BY 1`);
    expect(rows.map((r: { source_key: string }) => r.source_key)).toEqual(['n1', 'n3']);
  });

  it('a 3 MB field rejects its row with the 1 MB cap named; the rows around it load', async () => {
    const res = await upload('big.csv', `source_key,title,posted_date,description\nb1,Nurse,2025-01-02,ok\nb2,Welder,2025-01-03,"${'w'.repeat(3 << 20)}"\nb3,Driver,2025-01-04,ok\n`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.errors[0]).toMatchObject({ line: 3, reason: expect.stringMatching(/longer than 1 MB/) });
  });

  it('an id beyond its column type is a 400 naming the parameter, before any SQL', async () => {
    const cookie = await t.apiKey('admin');
    for (const path of ['/api/admin/users/99999999999', '/api/admin/api-keys/99999999999']) {
      const res = await t.http().patch(path).set('X-API-Key', cookie).send({ role: 'viewer' });
      const del = await t.http().delete(path).set('X-API-Key', cookie);
      for (const r of [res, del].filter((x) => x.status !== 404)) {
        expect(r.status, `${path}: ${r.text}`).toBe(400);
        expect(r.body.parameter).toBe('id');
        expect(r.text).not.toMatch(RAW_PG);
      }
    }
    const run = await t.http().get('/api/ingest/runs/99999999999999999999/rejects').set('X-API-Key', admin);
    expect(run.status).toBe(400);
    expect(run.body.parameter).toBe('id');
    const region = await t.http().get('/api/regions/custom/99999999999').set('X-API-Key', admin);
    expect(region.status).toBe(400);
    expect(region.text).not.toMatch(RAW_PG);
  });
});
