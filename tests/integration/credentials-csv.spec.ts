import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestDeps } from '../../apps/api/src/modules/ingest/ingest.pipeline.js';
import { openTestDataSource, testHandle, truncateFacts } from './support/test-db.js';

// A state or institution list of credentials (credentials-csv): loaded as catalog entries with their
// issuer, type, target occupations and written forms; bad rows rejected one by one with their line.
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

  it('a 10 MB list with broken rows: every good row loaded, every broken row rejected with its line, never a crash; all-or-nothing writes nothing', async () => {
    // 1,000 rows with a 10 KB description each
    const rows = [`${HEADER},description`];
    const filler = 'Covers safety, equipment, inspection and record keeping. '.repeat(176);
    let bad = 0;
    for (let i = 0; i < 1000; i++) {
      if (i % 97 === 13) {
        bad++;
        rows.push(i % 2 ? `Bad ${i},,,Issuer ${i},15-1252,,,"${filler}"` : `Wrong SOC ${i},,certification,Issuer,15-9999,,,"${filler}"`);
      } else rows.push(`Bulk Credential ${i},BC${i},certification,Issuer ${i % 50},15-1252|29-1141.00,,https://example.org/${i},"${filler}"`);
    }
    const text = rows.join('\n');
    expect(text.length).toBeGreaterThan(9_000_000);
    const before = Number((await ds.query(`SELECT count(*) AS n FROM credential`))[0].n);
    const strict = await load('big.csv', text, { allOrNothing: true });
    expect(strict.status).not.toBe('done');
    expect(Number((await ds.query(`SELECT count(*) AS n FROM credential`))[0].n)).toBe(before);
    const r = await load('big.csv', text);
    expect(r.rejected).toBeGreaterThan(0);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.file === 'big.csv' && typeof e.line === 'number' && e.field && e.reason)).toBe(true);
    expect(r.rejected).toBe(bad);
    expect(r.accepted).toBe(rows.length - 1 - bad);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM credential`))[0].n)).toBe(before + r.accepted);
  }, 600_000);
});
