import { METRIC_NAMES, type MetricName } from '@credpulse/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { addMonths } from '@credpulse/metrics';
import { loadExportFixture } from './export-records.fixture.js';
import { truncateFacts } from './support/test-db.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue 19: where the OpenAPI document and the server used to disagree, the server now does what
// the document says (and every answer here is also held to the document by the test client).

let t: TestApp;
let key: string;
let latest: string;
beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await loadExportFixture(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
  const [{ m }] = await t.ds.query(`SELECT to_char(GREATEST((SELECT max(posted_date) FROM job_posting), (SELECT max(award_date) FROM credential_award)), 'YYYY-MM') AS m`);
  latest = m;
});
afterAll(async () => t?.close());

const get = (path: string) => t.http().get(path).set('X-API-Key', key);
// program-skills is about one program, so it needs one
const minimal = (m: MetricName) => (m === 'program-skills' ? '?cip=51.3801' : '');

describe('the query echo', () => {
  it.each(METRIC_NAMES)('%s: holds only parameters the endpoint takes, and sent back gives the same answer', async (m) => {
    const first = await get(`/api/metrics/${m}${minimal(m)}`).expect(200);
    const params = (t.openapi.paths[`/api/metrics/${m}`].get as unknown as { parameters: { name: string }[] }).parameters.map((p) => p.name);
    expect(Object.keys(first.body.query).filter((k) => !params.includes(k))).toEqual([]);
    if (m !== 'postings') expect(first.body.query).not.toHaveProperty('granularity');
    const echo = new URLSearchParams(Object.entries(first.body.query as Record<string, string | number>).map(([k, v]) => [k, String(v)]));
    const again = await get(`/api/metrics/${m}?${echo}`).expect(200);
    expect(again.body.query).toEqual(first.body.query);
    expect(again.body.rows).toEqual(first.body.rows);
  });
});

describe('defaults the document states', () => {
  it.each([
    ['postings', 12],
    ['recognition', 12],
    ['program-demand', 24],
    ['outcomes', 24],
    ['pathways', 36],
  ] as const)('%s covers %i months when from is not given', async (m, months) => {
    const res = await get(`/api/metrics/${m}`).expect(200);
    expect(res.body.query.to).toBe(latest);
    expect(res.body.query.from).toBe(addMonths(latest, -(months - 1)));
    const param = (t.openapi.paths[`/api/metrics/${m}`].get as unknown as { parameters: { name: string; description: string }[] }).parameters.find((p) => p.name === 'from')!;
    expect(param.description).toContain(`${months - 1} months before \`to\``);
  });
});

describe('parameters the server refuses are the ones the document refuses', () => {
  it('program-skills without cip is a 400 naming cip, as the document marks it required', async () => {
    const res = await get('/api/metrics/program-skills').expect(400);
    expect(res.body).toMatchObject({ status: 400, parameter: 'cip', instance: '/api/metrics/program-skills' });
  });

  it('k: at least the configured k, at most 4 digits', async () => {
    expect((await get(`/api/metrics/outcomes?k=${t.config.k - 1}`).expect(400)).body.parameter).toBe('k');
    expect((await get('/api/metrics/outcomes?k=12345').expect(400)).body.parameter).toBe('k');
    const ok = await get(`/api/metrics/outcomes?k=${t.config.k + 2}`).expect(200);
    expect(ok.body.k).toBe(t.config.k + 2);
  });

  it('program-demand answers with both allocation methods (declared in the document)', async () => {
    const res = await get('/api/metrics/program-demand').expect(200);
    expect(res.body.methods).toMatchObject({ fullCredit: expect.stringMatching(/^programDemand/), proportional: expect.stringMatching(/^programDemandProportional/) });
  });
});

describe('reports', () => {
  it('a program report for a CIP family is a 400 that names the family programs, not a report on the first of them', async () => {
    const res = await get('/api/reports/program/11').expect(400);
    expect(res.body.parameter).toBe('cip');
    expect(res.body.detail).toMatch(/11 is a family of \d+ programs: 11\.\d{4} /);
    expect(res.body.allowed).toContain('11.0701');
    expect(res.body.allowed.every((c: string) => /^11\.\d{4}$/.test(c))).toBe(true);
    const series = await get('/api/reports/program/11.07').expect(400);
    expect(series.body.detail).toMatch(/11\.07 is a series of \d+ programs: 11\.0701 /);
  });

  it('takes from, to and region as the document lists them', async () => {
    const res = await get(`/api/reports/program/51.3801?from=${addMonths(latest, -5)}&to=${latest}&region=state:06`);
    expect([200, 404]).toContain(res.status);
    if (res.status === 200) expect(res.body).toMatchObject({ cip: '51.3801', from: addMonths(latest, -5), to: latest, region: 'state:06' });
    const region = await get(`/api/reports/region/state:06?from=${addMonths(latest, -5)}&to=${latest}`).expect(200);
    expect(region.body).toMatchObject({ from: addMonths(latest, -5), to: latest });
  });
});
