import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomRegion, RegionListResponse } from '@credpulse/contracts';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('regions and custom regions', () => {
  let t: TestApp;
  let viewer: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.apiKey('viewer');
    admin = await t.apiKey('admin');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ds.query('TRUNCATE custom_region_county, custom_region RESTART IDENTITY CASCADE');
  });

  const regions = async (qs: string): Promise<RegionListResponse> => {
    const res = await t.http().get(`/api/regions${qs}`).set('X-API-Key', viewer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const post = (body: unknown) => t.http().post('/api/regions/custom').set('X-API-Key', admin).send(body as object);

  it('lists all 52 states in the filter syntax with their county counts', async () => {
    const res = await regions('?kind=state');
    expect(res.items).toHaveLength(52);
    expect(res.items.find((i) => i.id === '06')).toEqual({ code: 'state:06', kind: 'state', id: '06', name: 'California', stateFips: '06', stateUsps: 'CA', countyCount: 58 });
  });

  it('finds a county by GEOID, by filter code and by name with its state', async () => {
    const byId = await regions('?q=06037');
    expect(byId.items[0]).toEqual({ code: 'county:06037', kind: 'county', id: '06037', name: 'Los Angeles County, CA', stateFips: '06', stateUsps: 'CA', cbsaCode: '31080', rural: false });
    const byCode = await regions('?q=county:01001');
    expect(byCode.items[0]).toMatchObject({ code: 'county:01001', name: 'Autauga County, AL' });
    const byName = await regions('?q=orange%20california&kind=county');
    expect(byName.items.map((i) => i.code)).toEqual(['county:06059']);
  });

  it('finds a CBSA by name; a state by its USPS code comes first', async () => {
    const cbsa = await regions('?q=los%20angeles&kind=cbsa');
    expect(cbsa.items[0]).toMatchObject({ code: 'cbsa:31080', kind: 'cbsa', cbsaKind: 'metropolitan', countyCount: 2 });
    const ca = await regions('?q=ca&limit=3');
    expect(ca.items[0].code).toBe('state:06');
    expect(ca.truncated).toBe(true);
  });

  it('creates, lists, updates and deletes a custom region, which the region list then names', async () => {
    const created = await post({ name: 'Inland Empire', description: 'Riverside and San Bernardino', counties: ['06071', '06065', '06065'] });
    expect(created.status).toBe(201);
    const region: CustomRegion = created.body;
    expect(region).toMatchObject({ id: 1, code: 'custom:1', name: 'Inland Empire', description: 'Riverside and San Bernardino', counties: ['06065', '06071'] });

    const list = await t.http().get('/api/regions/custom').set('X-API-Key', viewer);
    expect(list.body.map((r: CustomRegion) => r.code)).toEqual(['custom:1']);
    const found = await regions('?q=inland');
    expect(found.items[0]).toEqual({ code: 'custom:1', kind: 'custom', id: '1', name: 'Inland Empire', countyCount: 2 });

    const put = await t.http().put('/api/regions/custom/1').set('X-API-Key', admin).send({ name: 'Inland Empire WDB', counties: ['06065'] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Inland Empire WDB', description: null, counties: ['06065'] });

    expect((await t.http().delete('/api/regions/custom/1').set('X-API-Key', admin)).status).toBe(204);
    expect((await t.http().get('/api/regions/custom/1').set('X-API-Key', viewer)).status).toBe(404);
    expect((await t.http().delete('/api/regions/custom/1').set('X-API-Key', admin)).status).toBe(404);
  });

  it('names each unknown county with a JSON pointer and creates nothing', async () => {
    const res = await post({ name: 'Bad', counties: ['06037', '99999', '09001'] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { pointer: '/counties/2', field: 'counties', reason: 'county 09001 does not exist in the FIPS 2023 county list (Connecticut uses planning regions 09110-09190 since 2022)' },
      { pointer: '/counties/1', field: 'counties', reason: 'county 99999 does not exist in the FIPS 2023 county list' },
    ]);
    expect(res.body.detail).toMatch(/^\/counties\/2: county 09001/);
    expect(await t.ds.query('SELECT * FROM custom_region')).toEqual([]);
  });

  it('refuses counties sent as numbers (leading zeros lost), missing fields and unknown fields', async () => {
    const res = await post({ name: '  ', counties: [6037, 'LA'], color: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/color', field: 'color', reason: 'unknown field "color" (accepted: name, description, counties)' },
      { pointer: '/name', field: 'name', reason: 'name must not be empty' },
      { pointer: '/counties/0', field: 'counties', reason: '6037 is a number; send county FIPS codes as 5-character strings so leading zeros survive (e.g. "06037")' },
      { pointer: '/counties/1', field: 'counties', reason: '"LA" is not a 5-digit county FIPS code (e.g. "06037")' },
    ]);
    const empty = await post({ name: 'Empty', counties: [] });
    expect(empty.body.errors).toEqual([{ pointer: '/counties', field: 'counties', reason: 'a custom region needs at least one county' }]);
    const notObject = await post([1, 2]);
    expect(notObject.status).toBe(400);
  });

  it('refuses a duplicate name with 409 and a bad id with 400', async () => {
    expect((await post({ name: 'Bay Area', counties: ['06001'] })).status).toBe(201);
    const dup = await post({ name: 'bay area', counties: ['06075'] });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ pointer: '/name' });
    const bad = await t.http().get('/api/regions/custom/abc').set('X-API-Key', viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('id');
  });

  it('lets only an admin change custom regions', async () => {
    const res = await t.http().post('/api/regions/custom').set('X-API-Key', viewer).send({ name: 'X', counties: ['06001'] });
    expect(res.status).toBe(403);
  });
});

describe('custom regions: built by analysts, audited, bad input named (issue 17)', () => {
  let t: TestApp;
  let analyst: string;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.apiKey('analyst');
    viewer = await t.apiKey('viewer');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ds.query('TRUNCATE custom_region_county, custom_region, audit_log RESTART IDENTITY CASCADE');
  });
  const post = (body: unknown) => t.http().post('/api/regions/custom').set('X-API-Key', analyst).send(body as object);
  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { errors: { field: string }[] } }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e) => e.field)).toContain(field);
  };

  it('an analyst creates, edits and deletes a region; each change is in the audit log with the counties', async () => {
    const created = await post({ name: 'Five-county board', counties: ['06001', '06013', '06075', '06081', '06085'] });
    expect(created.status).toBe(201);
    const put = await t.http().put('/api/regions/custom/1').set('X-API-Key', analyst).send({ name: 'Four-county board', counties: ['06001', '06013', '06075', '06081', '06041'] });
    expect(put.status).toBe(200);
    expect((await t.http().delete('/api/regions/custom/1').set('X-API-Key', analyst)).status).toBe(204);
    const audit: { action: string; role: string; rows: number; detail: string; filters: Record<string, string> }[] = await t.ds.query('SELECT action, role, rows::int AS rows, detail, filters FROM audit_log ORDER BY id');
    expect(audit).toEqual([
      { action: 'region.create', role: 'analyst', rows: 5, detail: '"Five-county board": 5 counties: 06001 06013 06075 06081 06085', filters: { region: 'custom:1' } },
      { action: 'region.update', role: 'analyst', rows: 5, detail: '"Four-county board": renamed from "Five-county board"; added 1 county: 06041; removed 1 county: 06085', filters: { region: 'custom:1' } },
      { action: 'region.delete', role: 'analyst', rows: 5, detail: '"Four-county board": 5 counties: 06001 06013 06041 06075 06081', filters: { region: 'custom:1' } },
    ]);
  });

  it('imports a list of workforce areas (CSV name,counties) in one go, each audited', async () => {
    const csv = 'name,description,counties\n"Inland Empire WDB",Riverside and San Bernardino,06065 06071\nSan Diego Workforce Partnership,,06073\n';
    const res = await t.http().post('/api/regions/custom/import').set('X-API-Key', analyst).set('Content-Type', 'text/csv').send(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.created.map((r: { code: string; name: string; counties: string[] }) => [r.code, r.name, r.counties])).toEqual([
      ['custom:1', 'Inland Empire WDB', ['06065', '06071']],
      ['custom:2', 'San Diego Workforce Partnership', ['06073']],
    ]);
    expect((await t.ds.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'region.import'"))[0].n).toBe(2);
  });

  it('refuses a region list with bad lines, naming each line and field, and creates none of it', async () => {
    const csv = 'name,counties\nGood one,06065\n,06071\nUnknown county,06999\nGood one,06073\nNumbers,6037\n';
    const res = await t.http().post('/api/regions/custom/import').set('X-API-Key', analyst).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([
      { line: 3, field: 'name', reason: 'name must not be empty' },
      { line: 6, field: 'counties', reason: '"6037" is not a 5-digit county FIPS code (e.g. "06037")' },
    ]);
    const second = await t.http().post('/api/regions/custom/import').set('X-API-Key', analyst).set('Content-Type', 'text/csv').send('name,counties\nGood one,06065\nUnknown county,06999\nGood one,06073\n');
    expect(second.body.errors).toEqual([
      { line: 3, field: 'counties', reason: 'county 06999 does not exist in the FIPS 2023 county list' },
      { line: 4, field: 'name', reason: '"Good one" is also on line 2' },
    ]);
    const header = await t.http().post('/api/regions/custom/import').set('X-API-Key', analyst).set('Content-Type', 'text/csv').send('region,fips\nA,06065\n');
    expect(header.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'counties', 'region', 'fips']);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM custom_region')).toEqual([{ n: 0 }]);
  });

  it('a viewer may not build regions', async () => {
    expect((await t.http().post('/api/regions/custom').set('X-API-Key', viewer).send({ name: 'X', counties: ['06001'] })).status).toBe(403);
  });

  it('no counties, unknown FIPS, 5,000 counties and a 10 KB name: 400 naming the field, nothing saved', async () => {
    expectProblem(await post({ name: 'Empty', counties: [] }), 'counties');
    const unknown = await post({ name: 'Unknown', counties: ['06001', '06999'] });
    expectProblem(unknown, 'counties');
    expect(unknown.body.errors).toEqual([{ pointer: '/counties/1', field: 'counties', reason: 'county 06999 does not exist in the FIPS 2023 county list' }]);
    const many = await post({ name: 'Too many', counties: Array.from({ length: 5000 }, (_, i) => String(1000 + i).padStart(5, '0')) });
    expectProblem(many, 'counties');
    expect(many.body.errors).toEqual([{ pointer: '/counties', field: 'counties', reason: '5000 counties sent; a region has at most 3300 (the nation has 3,222)' }]);
    const long = await post({ name: 'n'.repeat(10_240), counties: ['06001'] });
    expectProblem(long, 'name');
    expect(long.body.errors).toEqual([{ pointer: '/name', field: 'name', reason: 'name is 10240 characters long; at most 200' }]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM custom_region')).toEqual([{ n: 0 }]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM audit_log')).toEqual([{ n: 0 }]);
  });
});
