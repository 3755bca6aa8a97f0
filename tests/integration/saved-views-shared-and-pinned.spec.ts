import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SavedView } from '@credpulse/contracts';
import { startTestApp, type TestApp } from './support/test-app.js';

// Issue 17: a board member saves a dashboard state with a name and a note, colleagues open it by
// its link, pinned views make the board home page; private views stay private.
describe('saved views: saved, listed, shared by link, pinned to the board home page', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    alice = await t.apiKey('viewer');
    bob = await t.apiKey('analyst');
    admin = await t.apiKey('admin');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ds.query('TRUNCATE saved_view RESTART IDENTITY');
  });

  const save = (key: string, body: unknown) => t.http().post('/api/saved-views').set('X-API-Key', key).send(body as object);
  const list = async (key: string, qs = ''): Promise<SavedView[]> => {
    const res = await t.http().get(`/api/saved-views${qs}`).set('X-API-Key', key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('saves a view with its filters and note; a colleague opens the shared link and gets the same URL', async () => {
    const res = await save(alice, { name: 'Nursing in the Inland Empire', note: 'For the March board meeting', path: '/recognition', query: 'region=state:06&from=2025-01&to=2025-06&soc=29-1141' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view: SavedView = res.body;
    expect(view).toMatchObject({ id: 1, name: 'Nursing in the Inland Empire', note: 'For the March board meeting', url: '/recognition?region=state:06&from=2025-01&to=2025-06&soc=29-1141', link: '/views/1', mine: true, shared: true, pinned: false });

    const opened = await t.http().get('/api/saved-views/1').set('X-API-Key', bob);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ url: view.url, mine: false, owner: view.owner });
    expect((await list(bob)).map((v) => v.name)).toEqual(['Nursing in the Inland Empire']);
  });

  it('keeps a private view from colleagues (404 by its link, absent from their list), but not from its owner', async () => {
    await save(alice, { name: 'Draft', path: '/', query: '', shared: false });
    expect((await t.http().get('/api/saved-views/1').set('X-API-Key', bob)).status).toBe(404);
    expect(await list(bob)).toEqual([]);
    expect((await list(alice)).map((v) => v.name)).toEqual(['Draft']);
  });

  it('lists only pinned views for the board home page; pinning a private view is refused', async () => {
    await save(alice, { name: 'Pinned', path: '/skill-gaps', query: 'region=state:06', pinned: true });
    await save(alice, { name: 'Not pinned', path: '/outcomes' });
    expect((await list(bob, '?pinned=true')).map((v) => v.name)).toEqual(['Pinned']);
    const bad = await save(alice, { name: 'Hidden pin', path: '/', shared: false, pinned: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ pointer: '/pinned', field: 'pinned', reason: 'a pinned view is on the board home page, so it must be shared (shared: true)' }]);
  });

  it('lets only the owner or an admin change or delete a view', async () => {
    await save(alice, { name: 'Mine', path: '/equity' });
    const body = { name: 'Taken over', path: '/equity' };
    const byBob = await t.http().put('/api/saved-views/1').set('X-API-Key', bob).send(body);
    expect(byBob.status).toBe(403);
    expect((await t.http().delete('/api/saved-views/1').set('X-API-Key', bob)).status).toBe(403);
    const byOwner = await t.http().put('/api/saved-views/1').set('X-API-Key', alice).send({ name: 'Renamed', note: 'now pinned', path: '/equity', query: 'region=cbsa:31080', pinned: true });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body).toMatchObject({ name: 'Renamed', note: 'now pinned', url: '/equity?region=cbsa:31080', pinned: true });
    expect((await t.http().delete('/api/saved-views/1').set('X-API-Key', admin)).status).toBe(204);
    expect((await t.http().get('/api/saved-views/1').set('X-API-Key', alice)).status).toBe(404);
  });

  it('refuses anonymous visitors (a saved view belongs to someone)', async () => {
    const res = await t.http().get('/api/saved-views');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('answers bad input with 400 problem+json naming each field, and saves nothing', async () => {
    const res = await save(alice, { name: 'x'.repeat(10_240), path: '/nowhere', query: 'region=mars&colour=red&from=2025-13', pinned: 'yes', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (res.body.errors as { field: string; pointer: string }[]).map((e) => e.pointer).sort();
    expect(fields).toEqual(['/extra', '/name', '/path', '/pinned']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'name').reason).toBe('name is at most 200 characters');

    const query = await save(alice, { name: 'Bad query', path: '/', query: 'region=mars&colour=red&from=2025-13&to=2025-01&to=2025-02' });
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { reason: string }) => e.reason)).toEqual([
      'region "mars" is not a region code (us, state:06, county:06037, cbsa:31080, custom:<id>)',
      expect.stringMatching(/^unknown parameter "colour"/),
      'from "2025-13" is not a month YYYY-MM',
      'parameter "to" is repeated',
    ]);
    const missing = await save(alice, {});
    expect(missing.body.errors).toEqual([
      { pointer: '/name', field: 'name', reason: 'name is required' },
      { pointer: '/path', field: 'path', reason: 'path is required' },
    ]);
    const notObject = await save(alice, ['a']);
    expect(notObject.status).toBe(400);
    expect(await t.ds.query('SELECT * FROM saved_view')).toEqual([]);
  });
});
