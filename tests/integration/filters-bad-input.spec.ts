import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../../apps/api/src/modules/analytics/catalogue/refresh.js';
import { seedAnalyticsDataset } from '../fixtures/analytics-dataset.fixture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

let t: TestApp;
let key: string;
const get = async (path: string, q: Record<string, string>) => t.http().get(`/api/metrics/${path}`).query(q).set('X-API-Key', key);

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  await seedAnalyticsDataset(t.ds);
  await refreshRollups(t.ds);
  key = await t.apiKey('viewer');
});
afterAll(async () => t?.close());

const ENDPOINTS = ['postings', 'recognition', 'skill-gap', 'program-demand', 'concentration'];

describe('bad filters get a 400 problem naming the parameter', () => {
  const cases: [string, Record<string, string>, string, RegExp?][] = [
    ['malformed month', { from: '2025-13' }, 'from', /YYYY-MM/],
    ['from after to', { from: '2025-05', to: '2025-01' }, 'from', /after/],
    ['unknown parameter, with a close match', { form: '2025-01' }, 'form'],
    ['groupBy outside the allow-list', { groupBy: 'password' }, 'groupBy', /must be one of/],
    ['limit too large', { limit: '100000' }, 'limit'],
    ['limit not a number', { limit: '10abc' }, 'limit'],
    ['unknown region kind', { region: 'planet:3' }, 'region'],
    ['state that does not exist', { region: 'state:99' }, 'region'],
    ['unknown custom region', { region: 'custom:12345' }, 'region'],
    ['granularity typo', { granularity: 'mnth' }, 'granularity'],
  ];
  for (const path of ENDPOINTS) {
    for (const [name, q, param, detail] of cases) {
      it(`${path}: ${name}`, async () => {
        const res = await get(path, q);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.parameter).toBe(param);
        if (detail) expect(res.body.detail).toMatch(detail);
      });
    }
  }

  it('suggests the close match for a mistyped parameter and value', async () => {
    const p = await get('postings', { granularty: 'month' });
    expect(p.body).toMatchObject({ parameter: 'granularty', suggestion: 'granularity' });
    const g = await get('postings', { granularity: 'quartr' });
    expect(g.body).toMatchObject({ parameter: 'granularity', suggestion: 'quarter' });
  });

  it('checks codes against the taxonomies, suggesting a close code', async () => {
    // (the full taxonomies may be loaded: neither code exists in NAICS 2022 / SOC 2018)
    const n = await get('postings', { naics: '621118' });
    expect(n.status).toBe(400);
    expect(n.body.parameter).toBe('naics');
    expect(n.body.suggestion).toMatch(/^62111/);
    const s = await get('postings', { soc: '31-1138' });
    expect(s.body.parameter).toBe('soc');
    expect(s.body.suggestion).toMatch(/^31-113/);
    expect((await get('program-demand', { cip: '99.9999' })).body.parameter).toBe('cip');
    expect((await get('skill-gap', { skill: 'no-such-skill' })).body.parameter).toBe('skill');
    expect((await get('recognition', { credential: '9999' })).body.parameter).toBe('credential');
  });

  it('refuses a parameter the endpoint does not take, and a repeated one', async () => {
    expect((await get('postings', { cip: '51' })).body).toMatchObject({ parameter: 'cip' });
    const res = await t.http().get('/api/metrics/postings?from=2025-01&from=2025-02').set('X-API-Key', key);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe('from');
  });
});

describe('SQL injection payloads in every filter', () => {
  const payloads = ["'; DROP TABLE job_posting; --", "62' OR '1'='1", '1) UNION SELECT password_hash FROM app_user --', 'state:06; DELETE FROM state', '$1', "\\' OR 1=1"];
  const params = ['from', 'to', 'region', 'naics', 'soc', 'cip', 'skill', 'credential', 'provider', 'groupBy', 'granularity', 'limit', 'baseFrom'];
  for (const path of ENDPOINTS) {
    it(`${path}: every payload in every parameter is a 400, never a 500, and the data is intact`, async () => {
      for (const param of params) {
        for (const payload of payloads) {
          const res = await get(path, { [param]: payload });
          expect(res.status, `${path} ${param}=${payload}`).toBe(400);
          expect(res.body.parameter).toBe(param);
        }
      }
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM job_posting');
      expect(n).toBe(9);
    });
  }
});
