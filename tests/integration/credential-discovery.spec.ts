import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { CredentialDiscoveryService } from '../../apps/api/src/modules/credential-discovery/discovery.service.js';
import { enqueueReextract, runReextract } from '../../apps/api/src/modules/credential-discovery/reextract.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testHandle, truncateFacts } from './support/test-db.js';

// Credentials employers name that the catalog lacks: found at ingest with counts by month, state and
// industry and example snippets; an admin adds one to the catalog, merges one into a credential or
// ignores one (audited); stored postings are re-extracted so the merged alias counts everywhere.
let t: TestApp;
let key: string;

const POSTINGS = [
  'id,employer,title,county_fips,naics_code,posted_date,description',
  ...Array.from({ length: 4 }, (_, i) => `t${i},Acme ${i},Data analyst,53033,541511,2025-0${i + 1}-10,"SQL required. Tableau certification preferred."`),
  ...Array.from({ length: 3 }, (_, i) => `v${i},Vet Clinic ${i},Veterinary technician,06075,541940,2025-03-1${i},"Certified Veterinary Technician required. CPR certified."`),
  'o1,Other,Clerk,53033,541511,2025-03-01,"Notary Public license a plus."',
].join('\n');

beforeAll(async () => {
  t = await startTestApp();
  await truncateFacts(t.ds);
  key = await t.apiKey('admin');
  const r = await ingestFile({ ds: t.ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} }, { format: 'postings-csv', file: 'p.csv', source: Readable.from([Buffer.from(POSTINGS)]) });
  expect(r.accepted).toBe(8);
}, 120_000);
afterAll(async () => t?.close());

const get = (url: string) => t.http().get(url).set('X-API-Key', key);
const post = (url: string, body: object = {}) => t.http().post(url).set('X-API-Key', key).send(body);

describe('admin: credentials employers name that the catalog lacks', () => {
  it('lists candidates with minimum support, counts by month, state and industry, and examples', async () => {
    const res = await get('/api/admin/credential-candidates?minSupport=3');
    expect(res.status).toBe(200);
    const names = res.body.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Tableau certification', 'Certified Veterinary Technician', 'CPR certified']);
    const tab = res.body[0];
    expect(tab).toMatchObject({ postings: 4, firstMonth: '2025-01', lastMonth: '2025-04', pattern: 'name-credential', status: 'open' });
    expect(tab.byMonth).toEqual([{ month: '2025-01', postings: 1 }, { month: '2025-02', postings: 1 }, { month: '2025-03', postings: 1 }, { month: '2025-04', postings: 1 }]);
    expect(tab.byState).toEqual([{ state: 'WA', postings: 4 }]);
    expect(tab.byIndustry).toEqual([{ naics: '54', postings: 4 }]);
    expect(tab.examples[0]).toContain('Tableau certification preferred');
    // below the minimum support: listed only when asked for
    expect((await get('/api/admin/credential-candidates?minSupport=1')).body.map((c: { name: string }) => c.name)).toContain('Notary Public license');
    expect((await get('/api/admin/credential-candidates?minSupport=x')).status).toBe(400);
    expect((await t.http().get('/api/admin/credential-candidates')).status).toBe(401);
  });

  it('exports the list as CSV by month, state and industry', async () => {
    const res = await get('/api/admin/credential-candidates/export?minSupport=3');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('candidate_id,name,pattern,status,merged_or_added_as,postings_total,month,state,industry_naics2,postings');
    expect(lines.filter((l) => l.includes('Tableau certification'))).toHaveLength(4);
  });

  it('add, merge and ignore: each audited; bad input is a 400 naming the field; a decided candidate is a 409', async () => {
    const [{ max: auditBefore }] = await t.ds.query('SELECT coalesce(max(id), 0)::int AS max FROM audit_log');
    const list = (await get('/api/admin/credential-candidates?minSupport=1')).body as { id: number; name: string }[];
    const id = (n: string) => list.find((c) => c.name === n)!.id;
    const bad = await post(`/api/admin/credential-candidates/${id('Certified Veterinary Technician')}/add`, { type: 'certification', targetSoc: ['99-9999'] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/unknown SOC 99-9999/);
    const added = await post(`/api/admin/credential-candidates/${id('Certified Veterinary Technician')}/add`, { name: 'Certified Veterinary Technician (CVT)', type: 'license', issuer: 'State veterinary boards', targetSoc: ['29-2056'] });
    expect(added.status).toBe(201);
    const [cda] = await t.ds.query(`SELECT c.name, c.type, p.name AS issuer, array(SELECT soc_code FROM credential_soc WHERE credential_id = c.id) AS socs FROM credential c JOIN provider p ON p.id = c.provider_id WHERE c.id = $1`, [added.body.credentialId]);
    expect(cda).toEqual({ name: 'Certified Veterinary Technician (CVT)', type: 'license', issuer: 'State veterinary boards', socs: ['29-2056'] });
    const [tableau] = await t.ds.query(`SELECT id FROM credential WHERE name = 'Tableau Desktop Specialist'`);
    const merged = await post(`/api/admin/credential-candidates/${id('Tableau certification')}/merge`, { credentialId: tableau.id });
    expect(merged.status).toBe(201);
    expect((await post(`/api/admin/credential-candidates/${id('Tableau certification')}/ignore`)).status).toBe(409);
    expect((await post(`/api/admin/credential-candidates/${id('CPR certified')}/merge`, { credentialId: 999999 })).status).toBe(404);
    expect((await post(`/api/admin/credential-candidates/${id('CPR certified')}/ignore`)).status).toBe(201);
    const audit = await t.ds.query(`SELECT action, detail FROM audit_log WHERE action LIKE 'credential-candidate.%' AND id > $1 ORDER BY id`, [auditBefore]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['credential-candidate.add', 'credential-candidate.merge', 'credential-candidate.ignore']);
    expect(audit[1].detail).toContain('"Tableau certification" merged as an alias of credential');
  });

  it('re-extracts stored postings in the background: the merged alias and the added credential now count, the rollups follow, a second run has nothing to do', async () => {
    await t.app.get(CredentialDiscoveryService).idle();
    const job = (await get('/api/admin/reextract')).body;
    expect(job).toMatchObject({ status: 'done', done: 8, total: 8, current: true });
    const named = await t.ds.query(`SELECT c.name, count(*)::int AS n FROM posting_credential pc JOIN credential c ON c.id = pc.credential_id GROUP BY 1 ORDER BY 1`);
    expect(named).toEqual([
      { name: 'Certified Veterinary Technician (CVT)', n: 3 },
      { name: 'Tableau Desktop Specialist', n: 4 },
    ]);
    const [roll] = await t.ds.query(`SELECT coalesce(sum(n), 0)::int AS n FROM rollup_credential_naming WHERE state_fips = 'US' AND month >= '2025-01-01' AND credential_id = (SELECT id FROM credential WHERE name = 'Tableau Desktop Specialist')`);
    expect(roll.n).toBe(4);
    // the candidates are no longer named as unlisted
    const open = (await get('/api/admin/credential-candidates?minSupport=1&status=all')).body as { name: string; postings: number; status: string }[];
    expect(open.find((c) => c.name === 'Tableau certification')).toMatchObject({ status: 'merged', postings: 0 });
    // idempotent: nothing to do on the same catalog; a forced run changes nothing
    expect(await enqueueReextract(t.ds, 'again')).toEqual({ id: 0, queued: false });
    const forced = await enqueueReextract(t.ds, 'forced', { force: true });
    const r = await runReextract(t.ds, forced.id, { batchSize: 3 });
    expect(r).toMatchObject({ status: 'done', done: 8, changed: 0 });
    expect(await t.ds.query(`SELECT c.name, count(*)::int AS n FROM posting_credential pc JOIN credential c ON c.id = pc.credential_id GROUP BY 1 ORDER BY 1`)).toEqual(named);
  });

  it('resumes a stopped job where it stopped', async () => {
    const { id } = await enqueueReextract(t.ds, 'resume test', { force: true });
    let batches = 0;
    const stopped = await runReextract(t.ds, id, { batchSize: 3, shouldStop: () => ++batches > 1, refresh: false });
    expect(stopped).toMatchObject({ status: 'running', done: 3 });
    const done = await runReextract(t.ds, id, { batchSize: 3 });
    expect(done).toMatchObject({ status: 'done', done: 8 });
  });
});
