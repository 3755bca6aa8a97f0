import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// A state or institution list of credentials (credentials-csv): loaded as catalog entries with their
// issuer, type, target occupations and written forms; bad rows rejected one by one with their line.
// The 10 MB list with broken rows goes through the upload API in credentials-bad-input-http.spec.ts.
let ds: DataSource;
let deps: IngestDeps;
const load = (file: string, text: string, extra: { allOrNothing?: boolean } = {}) => ingestFile(deps, { format: 'credentials-csv', file, source: Readable.from([Buffer.from(text)]), ...extra });

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
  deps = { ds, embedded: testHandle().mode === 'embedded', secret: 'integration-secret-0123456789', extractorCache: {} };
});
afterAll(async () => {
  await ds?.destroy();
});

const HEADER = 'name,short_names,type,issuer,target_soc,skills,url';

describe('credentials-csv', () => {
  it('loads a list: issuer, type, target SOC (O*NET-SOC accepted), short names and employer forms; bad rows rejected with line and field', async () => {
    const text = [
      HEADER,
      'Certified Dental Assistant (CDA),CDA certification,certification,Dental Assisting National Board,31-9091.00,,https://www.danb.org/',
      'Tree Care Safety Professional,TCSP,Certification,Tree Care Industry Association,37-3013,,',
      'Broken one,,diploma-ish,Someone,15-1252,,',
      'Unknown occupation,,license,State board,99-9999,,',
      '"Quoted, name",,badge,Issuer,,,not-a-url',
    ].join('\n');
    const r = await load('nj-list.csv', text);
    expect(r).toMatchObject({ accepted: 2, rejected: 3 });
    expect(r.errors).toEqual([
      { file: 'nj-list.csv', line: 4, field: 'type', reason: expect.stringContaining('expected one of badge, certificate, certification, license, degree, micro-credential, apprenticeship') },
      { file: 'nj-list.csv', line: 5, field: 'target_soc', reason: 'unknown SOC 99-9999: not a detailed SOC 2018 occupation' },
      { file: 'nj-list.csv', line: 6, field: 'url', reason: expect.stringContaining('expected an http(s) URL') },
    ]);
    const [cda] = await ds.query(`SELECT c.name, c.type, c.short_names, p.name AS issuer, c.external_ids, array(SELECT soc_code FROM credential_soc WHERE credential_id = c.id) AS socs
      FROM credential c JOIN provider p ON p.id = c.provider_id WHERE c.name = 'Certified Dental Assistant (CDA)'`);
    expect(cda).toMatchObject({ type: 'certification', issuer: 'Dental Assisting National Board', socs: ['31-9091'] });
    expect(cda.short_names).toEqual(expect.arrayContaining(['CDA certification', 'Certified Dental Assistant', 'CDA']));
    expect(cda.external_ids).toMatchObject({ source: 'nj-list.csv:2', url: 'https://www.danb.org/' });
    // the new credential is found in postings loaded afterwards
    const postings = ['id,title,county_fips,posted_date,description', 'd1,Dental assistant,53033,2025-03-01,"Certified Dental Assistant (CDA) required. Tree Care Safety Professional a plus."'].join('\n');
    const p = await ingestFile(deps, { format: 'postings-csv', file: 'p.csv', source: Readable.from([Buffer.from(postings)]) });
    expect(p.accepted).toBe(1);
    const named = await ds.query(`SELECT c.name, pc.level FROM posting_credential pc JOIN credential c ON c.id = pc.credential_id ORDER BY c.name`);
    expect(named).toEqual([
      { name: 'Certified Dental Assistant (CDA)', level: 1 },
      { name: 'Tree Care Safety Professional', level: 2 },
    ]);
  });
});
