import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PickerResponse } from '@credpulse/contracts';
import { startTestApp, type TestApp } from './support/test-app.js';

// The filter pickers search the loaded code lists; a viewer (API key) may read them.
describe('taxonomy pickers', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    key = await t.apiKey('viewer');
  });
  afterAll(() => t.close());

  const pick = async (path: string): Promise<PickerResponse> => {
    const res = await t.http().get(`/api/taxonomy/${path}`).set('X-API-Key', key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('ranks an exact code first, then codes that start with it', async () => {
    const res = await pick('soc?q=15-1252');
    expect(res.items[0]).toEqual({ code: '15-1252', title: 'Software Developers', level: 'detailed', parentCode: '15-1250' });
    const prefix = await pick('naics?q=5415&limit=5');
    expect(prefix.items[0].code).toBe('5415');
    expect(prefix.items.slice(1).every((i) => i.code.startsWith('5415'))).toBe(true);
  });

  it('ranks title prefix above title contains, case-insensitive, across words', async () => {
    const res = await pick('naics?q=SOFTWARE');
    // title prefix (broadest level first), then title contains
    expect(res.items.map((i) => i.code)).toEqual(['5132', '51321', '513210', '42343', '423430']);
    const engineers = (await pick('soc?q=engineer&limit=100')).items.map((i) => i.title);
    const firstContains = engineers.findIndex((x) => !/^engineer/i.test(x));
    expect(firstContains).toBeGreaterThan(0);
    expect(engineers.slice(firstContains).every((x) => !/^engineer/i.test(x))).toBe(true);
    const words = await pick('soc?q=nurses%20registered');
    expect(words.items.map((i) => i.code)).toContain('29-1141');
  });

  it('keeps leading zeros in CIP codes and filters by level', async () => {
    const res = await pick('cip?q=01.0000');
    expect(res.items[0]).toMatchObject({ code: '01.0000', title: 'Agriculture, General.', level: 6, parentCode: '01.00' });
    const series = await pick('cip?level=2&limit=100');
    expect(series.items).toHaveLength(50);
    expect(series.items[0].code).toBe('01');
    expect(series.truncated).toBe(false);
  });

  it('finds the ranged NAICS sector 31-33 by its first digits', async () => {
    const res = await pick('naics?q=31&level=2');
    expect(res.items).toEqual([{ code: '31-33', title: 'Manufacturing', level: 2, parentCode: null }]);
  });

  it('skills: an O*NET example by name, with its id, source and hot flag; ESCO by alternate label', async () => {
    const res = await pick('skills?q=python&source=onet');
    expect(res.items[0]).toEqual({ code: 'onet:python', title: 'Python', kind: 'onet', detail: 'O*NET technology', hot: true });
    const esco = await pick('skills?q=direct%20musical%20staff&source=esco');
    expect(esco.items.map((i) => i.code)).toContain('esco:0005c151-5b5a-4a66-8aac-60e734beb1ab');
  });

  it('applies the default limit of 20 and flags truncation; limit is capped at 100', async () => {
    const res = await pick('skills?q=software');
    expect(res.items).toHaveLength(20);
    expect(res.truncated).toBe(true);
    const bad = await t.http().get('/api/taxonomy/skills?limit=500').set('X-API-Key', key);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ parameter: 'limit' });
  });

  it('treats LIKE wildcards in q as text', async () => {
    const res = await pick('naics?q=%25');
    expect(res.items).toEqual([]);
    expect(res.truncated).toBe(false);
  });

  it('names an unknown list or parameter in a 400 with a suggestion', async () => {
    const res = await t.http().get('/api/taxonomy/naic?q=11').set('X-API-Key', key);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ parameter: 'kind', suggestion: 'naics' });
    const level = await t.http().get('/api/taxonomy/soc?level=detail').set('X-API-Key', key);
    expect(level.body).toMatchObject({ parameter: 'level', suggestion: 'detailed' });
    const unknown = await t.http().get('/api/taxonomy/soc?qq=nurse').set('X-API-Key', key);
    expect(unknown.body).toMatchObject({ parameter: 'qq', suggestion: 'q' });
  });

  it('lists catalog credentials and providers by name', async () => {
    const providers = await pick('providers?limit=100');
    const credentials = await pick('credentials?limit=100');
    const [{ n: providerCount }] = await t.ds.query('SELECT count(*)::int AS n FROM provider');
    expect(providers.items).toHaveLength(Math.min(providerCount, 100));
    if (credentials.items.length > 0) {
      const first = credentials.items[0];
      const again = await pick(`credentials?q=${encodeURIComponent(first.title)}`);
      expect(again.items[0].code).toBe(first.code);
      expect(Number.isInteger(Number(first.code))).toBe(true);
    }
  });
});
