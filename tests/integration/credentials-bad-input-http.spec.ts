import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Issue 13, bad input through the upload API an admin uses: a 10 MB credentials-csv with broken
// rows (generated here, not committed), catalog lines with an unknown SOC, an Open Badge whose
// JSON-LD context is not bundled and one whose proof names a malformed key. Each gets a clear
// per-record error or "unverifiable" with the reason; never a 500; nothing half-written.
const SIGNED = join(import.meta.dirname, '../fixtures/openbadges_signed');
const HEADER = 'name,short_names,type,issuer,target_soc,skills,url,description';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp({ maxUploadBytes: 16 * 1024 * 1024, didWebDir: join(SIGNED, 'did-web') });
  await truncateFacts(t.ds);
  admin = await t.apiKey('admin');
});
afterAll(async () => {
  await truncateFacts(t.ds);
  await t?.close();
});

const count = async (sql: string) => Number((await t.ds.query(sql))[0].n);
const catalogCounts = async () => ({
  credentials: await count(`SELECT count(*) AS n FROM credential`),
  socs: await count(`SELECT count(*) AS n FROM credential_soc`),
  providers: await count(`SELECT count(*) AS n FROM provider`),
});

/** ~10 MB: 1,000 rows with a 10 KB description; every 97th row broken in one of four ways. */
function bigList(): { text: string; bad: Map<number, string> } {
  const filler = 'Covers safety, equipment, inspection and record keeping. '.repeat(176);
  const rows = [HEADER];
  const bad = new Map<number, string>();
  for (let i = 0; i < 1000; i++) {
    const line = rows.length + 1;
    const kind = i % 97 === 13 ? (i / 97) % 4 | 0 : -1;
    if (kind === 0) {
      rows.push(`Unknown SOC credential ${i},,certification,Issuer ${i},15-9999,,,"${filler}"`);
      bad.set(line, 'target_soc');
    } else if (kind === 1) {
      rows.push(`Typeless ${i},,diploma-ish,Issuer ${i},15-1252,,,"${filler}"`);
      bad.set(line, 'type');
    } else if (kind === 2) {
      rows.push(`,,certification,Issuer ${i},15-1252,,,"${filler}"`);
      bad.set(line, 'name');
    } else if (kind === 3) {
      rows.push(`Bad URL ${i},,license,Issuer ${i},29-1141.00,,ftp://example.org/${i},"${filler}"`);
      bad.set(line, 'url');
    } else rows.push(`Upload Credential ${i},UC${i},certification,Upload Issuer ${i % 50},15-1252|29-1141.00,,https://example.org/${i},"${filler}"`);
  }
  return { text: rows.join('\n'), bad };
}

describe('bad input through POST /api/ingest (issue 13)', () => {
  it('a 10 MB credentials-csv with broken rows: all-or-nothing refuses it with 422 and writes nothing; otherwise 200, each broken row named by file, line, field and reason, and only whole good rows written', async () => {
    const { text, bad } = bigList();
    expect(text.length).toBeGreaterThan(10_000_000);
    const before = await catalogCounts();

    const strict = await t.http().post('/api/ingest/credentials-csv?filename=big.csv&allOrNothing=true').set('X-API-Key', admin).set('Content-Type', 'text/csv').send(text);
    expect(strict.status).toBe(422);
    expect(await catalogCounts()).toEqual(before);

    const res = await t.http().post('/api/ingest/credentials-csv?filename=big.csv').set('X-API-Key', admin).set('Content-Type', 'text/csv').send(text);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1000 - bad.size, rejected: bad.size });
    const errors = res.body.errors as { file: string; line: number; field: string; reason: string }[];
    expect(errors.map((e) => [e.line, e.field])).toEqual([...bad.entries()]);
    for (const e of errors) {
      expect(e.file).toBe('big.csv');
      expect(e.reason.length).toBeGreaterThan(10);
    }
    expect(errors.find((e) => e.field === 'target_soc')?.reason).toMatch(/unknown SOC 15-9999/);
    // nothing half-written: every accepted credential with both its SOCs and its issuer; no broken row's name anywhere
    const after = await catalogCounts();
    expect(after.credentials - before.credentials).toBe(1000 - bad.size);
    expect(after.socs - before.socs).toBe(2 * (1000 - bad.size));
    expect(await count(`SELECT count(*) AS n FROM credential WHERE name LIKE 'Unknown SOC credential%' OR name LIKE 'Typeless%' OR name LIKE 'Bad URL%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM credential c WHERE c.name LIKE 'Upload Credential%' AND (c.provider_id IS NULL OR (SELECT count(*) FROM credential_soc s WHERE s.credential_id = c.id) <> 2)`)).toBe(0);
  }, 600_000);

  it('an Open Badge with a JSON-LD context that is not bundled, and one whose proof names a malformed key: accepted, stored "unverifiable" with the reason, never a 500', async () => {
    const docs = ['unbundled-context-vc2-eddsa-rdfc-2022.json', 'malformed-key-vc2-eddsa-rdfc-2022.json'].map((f) => JSON.parse(readFileSync(join(SIGNED, f), 'utf8')));
    const res = await t.http().post('/api/ingest/obv3?filename=odd-proofs.json').set('X-API-Key', admin).set('Content-Type', 'application/json').send(JSON.stringify(docs));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 0 });
    const rows: { source_key: string; proof_status: string; proof_detail: string }[] = await t.ds.query(`SELECT source_key, proof_status, proof_detail FROM credential_award WHERE source_key = ANY($1::text[])`, [docs.map((d) => d.id)]);
    const byId = new Map(rows.map((r) => [r.source_key, r]));
    expect(byId.get(docs[0].id)).toMatchObject({ proof_status: 'unverifiable', proof_detail: expect.stringMatching(/https:\/\/badges\.example\.edu\/contexts\/extra-terms\.json is not among the contexts and keys bundled/) });
    expect(byId.get(docs[1].id)).toMatchObject({ proof_status: 'unverifiable', proof_detail: expect.stringMatching(/z6MkBROKEN/) });
  });

  it('a broken JSON document and a VC-JWT line that is not a JWS: per-record errors with line or pointer, the good record kept, never a 500', async () => {
    const good = readFileSync(join(SIGNED, 'dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json'), 'utf8');
    const res = await t.http().post('/api/ingest/obv3?filename=mixed.json').set('X-API-Key', admin).set('Content-Type', 'application/json').send(`[${good}, {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": 7}]`);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toBe(1);
    expect(res.body.errors[0]).toMatchObject({ file: 'mixed.json', pointer: expect.stringMatching(/^\/1/), reason: expect.any(String) });
    const jwt = await t.http().post('/api/ingest/obv3?filename=lines.jwt').set('X-API-Key', admin).set('Content-Type', 'text/plain').send(`${readFileSync(join(SIGNED, 'vc-jwt-eddsa-didkey.jwt'), 'utf8').trim()}\nnot-a-jws\n`);
    expect(jwt.status).toBe(200);
    expect(jwt.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(jwt.body.errors[0]).toMatchObject({ file: 'lines.jwt', line: 2, reason: expect.stringMatching(/compact JWS/) });
  });
});
