import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CompactSign, exportJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { getGeocoder, getOccupationCoder } from '@credpulse/taxonomy';
import { ed25519DidKey, verifyVcJwt } from '../proof/verify.js';
import { parseFile } from './index.js';
import type { AwardRecord, CredentialRecord, IngestFormat, ParseEvent, PostingRecord } from './types.js';
import { learnerKeyHasher } from './util.js';

// Postings are geocoded and title-coded while parsed; both are built once per process (about a
// second on a busy machine), before the per-test timeouts start.
beforeAll(() => {
  getGeocoder();
  getOccupationCoder();
}, 60_000);

const SAMPLES = join(import.meta.dirname, '../../../../tests/fixtures/samples');
const opts = (file: string) => ({ file, learnerKey: learnerKeyHasher('unit-test-secret'), now: new Date('2026-11-26T00:00:00Z') });

async function run(format: IngestFormat, text: string, file = 'f', chunk = 7): Promise<ParseEvent[]> {
  // Small chunks: values and records split across chunk boundaries must still parse.
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  const out: ParseEvent[] = [];
  for await (const ev of parseFile(format, Readable.from(parts.map((p) => Buffer.from(p))), opts(file))) out.push(ev);
  return out;
}
const sample = (p: string) => readFileSync(join(SAMPLES, p), 'utf8');
const records = (evs: ParseEvent[]) => evs.flatMap((e) => (e.type === 'record' ? [e.record] : []));
const rejects = (evs: ParseEvent[]) => evs.flatMap((e) => (e.type === 'reject' ? e.issues : []));
const warnings = (evs: ParseEvent[]) => evs.flatMap((e) => (e.type === 'warning' ? [e.issue] : []));

describe('Open Badges 3.0 samples', () => {
  it('accepts simple.json as an award of the Teamwork achievement, hashing the learner DID', async () => {
    const evs = await run('obv3', sample('openbadges_v3/simple.json'));
    expect(rejects(evs)).toEqual([]);
    const [award] = records(evs) as AwardRecord[];
    expect(award.kind).toBe('award');
    expect(award.awardDate).toBe('2010-01-01');
    expect((award.credential as CredentialRecord).name).toBe('Teamwork');
    expect((award.credential as CredentialRecord).provider?.name).toBe('Example Corp');
    expect(award.learnerKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(award)).not.toContain('did:example:ebfeb1f712ebc6f1c276e12ec21');
    // eddsa-rdfc-2022 by an https key: checked offline with the bundled contexts, but the key is on the network
    expect(award.proofStatus).toBe('unverifiable');
    expect(award.proofDetail).toMatch(/https:\/\/example\.com\/issuers\/876543#z6Mk\w+ is not among the contexts and keys bundled/);
  });

  it('accepts simple.jwt (VC-JWT, VCDM 1.1) with an unverifiable RS256 proof', async () => {
    const evs = await run('obv3', sample('openbadges_v3/simple.jwt'));
    expect(rejects(evs)).toEqual([]);
    const [award] = records(evs) as AwardRecord[];
    expect(award.sourceKey).toBe('http://example.edu/credentials/3732');
    expect(award.proofStatus).toBe('unverifiable');
    expect(award.proofDetail).toMatch(/RS256.*fetched from the network/);
  });

  it('rejects simple-err-issuer.json with a pointer to /issuer and a reason', async () => {
    const evs = await run('obv3', sample('openbadges_v3/simple-err-issuer.json'));
    expect(records(evs)).toEqual([]);
    expect(rejects(evs)).toContainEqual(expect.objectContaining({ file: 'f', pointer: '/issuer', field: 'issuer', reason: expect.stringMatching(/required/) }));
  });

  it('names the pointer inside an array of credentials, and keeps the valid ones', async () => {
    const good = JSON.parse(sample('openbadges_v3/simple.json'));
    const bad = { ...good, id: 'urn:x:2', validFrom: '2024-13-01', credentialSubject: { ...good.credentialSubject, achievement: { ...good.credentialSubject.achievement, name: undefined } } };
    const evs = await run('obv3', JSON.stringify([good, bad], null, 2));
    expect(records(evs)).toHaveLength(1);
    const issues = rejects(evs);
    expect(issues).toContainEqual(expect.objectContaining({ pointer: '/1/validFrom', field: 'validFrom' }));
    expect(issues).toContainEqual(expect.objectContaining({ pointer: '/1/credentialSubject/achievement/name', field: 'achievement.name' }));
  });

  it('counts a subject that only names the learner (as DCC-signed badges are) as an award not linkable to a learner', async () => {
    const doc = JSON.parse(sample('openbadges_v3/simple.json'));
    doc.credentialSubject = { type: ['AchievementSubject'], name: 'Taylor Tuna', achievement: doc.credentialSubject.achievement };
    const evs = await run('obv3', JSON.stringify(doc));
    expect(rejects(evs)).toEqual([]);
    const [award] = records(evs) as AwardRecord[];
    expect(award).toMatchObject({ kind: 'award', learnerKey: null, awardDate: '2010-01-01' });
    expect(warnings(evs)).toContainEqual(expect.objectContaining({ pointer: '/credentialSubject', reason: expect.stringMatching(/not linkable to a learner \(no outcomes, no pathways\)/) }));
    // the learner's name is never kept
    expect(JSON.stringify(award)).not.toContain('Taylor Tuna');
  });

  it('rejects a subject with neither id, identifier nor name', async () => {
    const doc = JSON.parse(sample('openbadges_v3/simple.json'));
    doc.credentialSubject = { type: ['AchievementSubject'], achievement: doc.credentialSubject.achievement };
    const evs = await run('obv3', JSON.stringify(doc));
    expect(records(evs)).toEqual([]);
    expect(rejects(evs)).toContainEqual(expect.objectContaining({ pointer: '/credentialSubject', reason: expect.stringMatching(/no learner/) }));
  });

  it('reports truncated JSON with the line its value starts on', async () => {
    const text = sample('openbadges_v3/simple.json');
    const evs = await run('obv3', text.slice(0, text.length / 2));
    expect(rejects(evs)[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/unexpected end of file/) });
  });

  it('rejects a wrong @context order and a string where an object is required', async () => {
    const doc = JSON.parse(sample('openbadges_v3/simple.json'));
    doc['@context'].reverse();
    doc.credentialSubject = 'did:example:123';
    const issues = rejects(await run('obv3', JSON.stringify(doc)));
    expect(issues.map((i) => i.pointer)).toEqual(expect.arrayContaining(['/@context/0', '/credentialSubject']));
  });
});

describe('proofs', () => {
  const credential = (issuer: string) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:1',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Test Issuer' },
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner', type: ['AchievementSubject'], achievement: { id: 'urn:a:1', type: ['Achievement'], name: 'A', criteria: { narrative: 'n' } } },
  });

  it('verifies a VC-JWT signed with a did:key (Ed25519), and fails it when a byte is changed', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from((await exportJWK(publicKey)).x!, 'base64url');
    const did = ed25519DidKey(raw);
    const vc = credential(did);
    const jws = await new CompactSign(Buffer.from(JSON.stringify(vc))).setProtectedHeader({ alg: 'EdDSA', kid: `${did}#key-1` }).sign(privateKey);
    expect((await verifyVcJwt(jws, vc)).status).toBe('verified');
    const [h, p, s] = jws.split('.');
    const tampered = Buffer.from(p, 'base64url');
    tampered[10] ^= 1;
    expect((await verifyVcJwt(`${h}.${tampered.toString('base64url')}.${s}`, vc)).status).toBe('invalid');
    const evs = await run('obv3', jws);
    expect((records(evs)[0] as AwardRecord).proofStatus).toBe('verified');
  });

  it('verifies a P-256 JWS with the JWK embedded in its header', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const vc = credential('https://issuer.example');
    const jws = await new CompactSign(Buffer.from(JSON.stringify({ vc }))).setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(publicKey) }).sign(privateKey);
    expect(await verifyVcJwt(jws, vc)).toMatchObject({ status: 'verified' });
  });

  it('calls a did:web key unverifiable (it cannot be fetched offline)', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const vc = credential('did:web:issuer.example');
    const jws = await new CompactSign(Buffer.from(JSON.stringify(vc))).setProtectedHeader({ alg: 'EdDSA', kid: 'did:web:issuer.example#k' }).sign(privateKey);
    expect(await verifyVcJwt(jws, vc)).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/did:web/) });
  });

  it('reads signed fixtures end to end: a DCC-style name-only badge is accepted and verified, a tampered one kept as invalid with a warning', async () => {
    const dir = join(SAMPLES, '../openbadges_signed');
    const good = await run('obv3', readFileSync(join(dir, 'dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json'), 'utf8'), 'f', 4096);
    expect(rejects(good)).toEqual([]);
    expect(records(good)[0]).toMatchObject({ kind: 'award', learnerKey: null, proofStatus: 'verified' });
    const bad = await run('obv3', readFileSync(join(dir, 'tampered-vc2-eddsa-rdfc-2022.json'), 'utf8'), 'f', 4096);
    expect(records(bad)[0]).toMatchObject({ kind: 'award', proofStatus: 'invalid' });
    expect(warnings(bad)).toContainEqual(expect.objectContaining({ pointer: '/proof', reason: expect.stringMatching(/^invalid proof, kept and never counted as verified/) }));
    const future = await run('obv3', readFileSync(join(dir, 'not-yet-valid-vc2-eddsa-rdfc-2022.json'), 'utf8'), 'f', 4096);
    expect(records(future)[0]).toMatchObject({ proofStatus: 'verified', awardDate: '2099-01-01' });
    expect(warnings(future)).toContainEqual(expect.objectContaining({ pointer: '/validFrom', reason: expect.stringMatching(/not yet valid/) }));
    const expired = await run('obv3', readFileSync(join(dir, 'expired-vc1-ed25519signature2020.json'), 'utf8'), 'f', 4096);
    expect(records(expired)[0]).toMatchObject({ proofStatus: 'verified', expired: true, expiryDate: '2024-01-10' });
    const revoked = await run('obv3', readFileSync(join(dir, 'revoked-vc2-eddsa-rdfc-2022.json'), 'utf8'), 'f', 4096);
    expect(records(revoked)[0]).toMatchObject({ proofStatus: 'verified', credentialStatus: 'unchecked' });
    expect(warnings(revoked)).toContainEqual(expect.objectContaining({ pointer: '/credentialStatus', reason: expect.stringMatching(/unchecked/) }));
  });
});

describe('CLR 2.0 sample', () => {
  it('turns the nested credential into an award, achievements into catalog entries, isParentOf into stacking', async () => {
    const evs = await run('clr', sample('clr_v2/simple.json'));
    expect(rejects(evs)).toEqual([]);
    const recs = records(evs);
    const awards = recs.filter((r) => r.kind === 'award') as AwardRecord[];
    expect(awards).toHaveLength(1);
    expect((awards[0].credential as CredentialRecord).name).toBe('Teamwork');
    expect(recs.filter((r) => r.kind === 'credential').map((r) => (r as CredentialRecord).name).sort()).toEqual(['Achievement 1', 'Achievement 2', 'Teamwork']);
    // isParentOf: source is the whole, target the part
    expect(recs.filter((r) => r.kind === 'stack')).toEqual([
      { kind: 'stack', partKey: 'urn:uuid:dd887f0a-56cb-11ec-bf63-0242ac130002', wholeKey: 'urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002' },
    ]);
  });
});

describe('CTDL samples', () => {
  it('maps the WGU OpenBadge registry record to a badge owned by its organization', async () => {
    const evs = await run('ctdl', sample('ctdl/wgu_aws-cloud-devops_openbadge.registry.json'), 'f', 4096);
    expect(rejects(evs)).toEqual([]);
    const [cred] = records(evs) as CredentialRecord[];
    expect(cred).toMatchObject({ kind: 'credential', type: 'badge', name: 'WGU Certificate: AWS Cloud DevOps v1.1', ctid: 'ce-727764d7-b909-4e5c-b26a-c4d0fced2159' });
    expect(cred.provider?.sourceKey).toBe('ce-036d082d-d80e-41a7-99a0-2d63a4ad3a4a');
  });

  it('keeps the AggregateDataProfile as published, with employment rate, median earnings and jobs obtained', async () => {
    const evs = await run('ctdl', sample('ctdl/Credential_WithOutcomeData_Credential_API_output.json'), 'f', 4096);
    const [cred] = records(evs) as CredentialRecord[];
    expect(cred.type).toBe('certification');
    expect(cred.outcomeProfiles).toHaveLength(1);
    expect(cred.outcomeProfiles[0]).toMatchObject({ employmentRate: 45.4, medianEarnings: 52000, jobsObtained: 188, dateEffective: '2018-01-15' });
    expect(JSON.stringify(cred.outcomeProfiles[0].data)).toContain('qdata:totalWIOAExiters');
  });

  it('maps an old SOC 2010 occupation code to SOC 2018 with a warning', async () => {
    const doc = { '@type': 'ceterms:Certificate', 'ceterms:ctid': 'ce-00000000-0000-0000-0000-000000000001', 'ceterms:name': { 'en-US': 'X' }, 'ceterms:occupationType': [{ '@type': 'ceterms:CredentialAlignmentObject', 'ceterms:codedNotation': '15-1132' }] };
    const evs = await run('ctdl', JSON.stringify(doc));
    expect((records(evs)[0] as CredentialRecord).socCodes).toEqual(['15-1252']);
    expect(warnings(evs)[0].reason).toMatch(/SOC 2010 code 15-1132 mapped to SOC 2018 15-1252/);
  });
});

describe('schema.org JobPosting samples', () => {
  it('eg-0028: title, salary, state, SOC 2010 -> 2018, bachelor from the education text', async () => {
    const evs = await run('jobposting', sample('schemaorg_jobposting/eg-0028.jsonld'));
    const [p] = records(evs) as PostingRecord[];
    expect(p).toMatchObject({ title: 'Software Engineer', postedDate: '2011-10-31', stateFips: '53', socCode: '15-1252', salaryAnnual: 100000, salaryUnit: 'year' });
    expect(p.educationText).toMatch(/Bachelor/);
  });
  it('eg-0251: occupation from relevantOccupation, name as title, employer', async () => {
    const [p] = records(await run('jobposting', sample('schemaorg_jobposting/eg-0251.jsonld'))) as PostingRecord[];
    expect(p).toMatchObject({ title: 'Mobile App Developer', employer: 'ACME Software', socCode: '15-1252', postedDate: '2026-11-26' });
  });
  it('eg-0465: credentialCategory bachelor -> degree level 3, experienceInPlaceOfEducation -> in lieu', async () => {
    const [p] = records(await run('jobposting', sample('schemaorg_jobposting/eg-0465.jsonld'))) as PostingRecord[];
    expect(p).toMatchObject({ degreeLevel: 3, inLieu: true, experienceMonths: 60 });
  });
  it('reads JobPostings inside HTML <script type="application/ld+json">, with an hourly MonetaryAmount', async () => {
    const html = `<html><head>\n<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"x"}</script>\n<script type="application/ld+json">
{"@context":"https://schema.org","@type":"JobPosting","title":"CNA","datePosted":"2025-02-01","jobLocation":{"@type":"Place","address":{"addressRegion":"Ohio"}},
 "baseSalary":{"@type":"MonetaryAmount","currency":"USD","value":{"@type":"QuantitativeValue","minValue":18,"maxValue":22,"unitText":"HOUR"}}}
</script></head></html>`;
    const evs = await run('jobposting', html);
    expect(rejects(evs)).toEqual([]);
    expect(records(evs)[0]).toMatchObject({ title: 'CNA', stateFips: '39', salaryUnit: 'hour', salaryAnnual: 41600 });
  });
  it('rejects a posting with a bad date and a wrong type, naming the pointer', async () => {
    const evs = await run('jobposting', '{"@type":"JobPosting","title":"x","datePosted":"yesterday"}\n{"@type":"Person"}\n');
    expect(rejects(evs)).toEqual([
      expect.objectContaining({ line: 1, pointer: '/datePosted', field: 'datePosted' }),
      expect.objectContaining({ line: 2, pointer: '/@type', field: '@type' }),
    ]);
  });
});

describe('CSV formats', () => {
  it('reads BOM + CRLF + quoted multi-line fields, and rejects a ragged row by line', async () => {
    const csv = '\uFEFFid,title,posted_date,description,state\r\n1,Nurse,2025-01-02,"line one\r\nline ""two""",WA\r\n2,Welder,2025-01-03\r\n3,Driver,2025-01-04,x,TX\r\n';
    const evs = await run('postings-csv', csv, 'p.csv', 5);
    const recs = records(evs) as PostingRecord[];
    expect(recs.map((r) => r.sourceKey)).toEqual(['1', '3']);
    expect(recs[0].description).toBe('line one\r\nline "two"');
    expect(rejects(evs)).toEqual([expect.objectContaining({ file: 'p.csv', line: 4, field: '(row)', reason: expect.stringMatching(/has 3 fields, the header has 5/) })]);
  });
  it('rejects bad values with the field and the reason', async () => {
    const csv = 'title,posted_date,salary_min,salary_unit,county_fips\nA,2025-02-30,10,hour,53033\nB,2025-02-01,abc,fortnight,ABCDE\n';
    const issues = rejects(await run('postings-csv', csv));
    expect(issues.map((i) => [i.line, i.field])).toEqual([[2, 'posted_date'], [3, 'county_fips'], [3, 'salary_min'], [3, 'salary_unit']]);
  });
  it('applies a mapping file: renamed columns, US dates, recoded values', async () => {
    const csv = 'Job Title;Date;Remote?\nAnalyst;03/15/2025;Y\n';
    const out: ParseEvent[] = [];
    const mapping = { delimiter: ';', dateFormat: 'MM/DD/YYYY' as const, columns: { title: 'Job Title', posted_date: 'Date', remote: 'Remote?' }, values: { remote: { Y: 'true' } } };
    for await (const ev of parseFile('postings-csv', Readable.from([csv]), { ...opts('m.csv'), mapping })) out.push(ev);
    expect(records(out)[0]).toMatchObject({ title: 'Analyst', postedDate: '2025-03-15', remote: true });
  });
  it('fails the file, naming the missing required column', async () => {
    await expect(run('postings-csv', 'name,when\nx,2025-01-01\n')).rejects.toThrow(/no column for required fields "title", "posted_date"/);
  });
  it('awards-csv and outcomes-csv hash learners and normalise quarters', async () => {
    const a = records(await run('awards-csv', 'learner_id,credential,award_date\njane@example.org,CompTIA Security+,2025-05-01\n')) as AwardRecord[];
    expect(a[0].learnerKey).toBe(learnerKeyHasher('unit-test-secret')('jane@example.org'));
    expect(JSON.stringify(a)).not.toContain('jane@');
    const o = records(await run('outcomes-csv', 'learner_id,quarter,wage\njane@example.org,2025Q3,9100\njane@example.org,2025-11-20,0\n'));
    expect(o).toMatchObject([{ quarter: '2025-07-01', employed: true, wage: 9100 }, { quarter: '2025-10-01', employed: false }]);
  });
});
