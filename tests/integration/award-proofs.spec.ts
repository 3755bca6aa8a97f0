import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { truncateFacts } from './support/test-db.js';

// Open Badges signed by scripts/sign-openbadge-fixtures.mjs: proofs are checked offline when the
// badges are loaded (did:web documents from the configured directory), stored with the award, and
// `proof=verified` counts only the verified ones on the award metrics.
const DIR = join(import.meta.dirname, '../fixtures/openbadges_signed');
const docs = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ f, doc: JSON.parse(readFileSync(join(DIR, f), 'utf8')) }));

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ didWebDir: join(DIR, 'did-web'), k: 3 });
  await truncateFacts(t.ds);
  admin = await t.apiKey('admin');
  const res = await t.http().post('/api/ingest/obv3?filename=signed.json').set('X-API-Key', admin).set('Content-Type', 'application/json').send(JSON.stringify(docs.map((d) => d.doc)));
  expect(res.status).toBe(200);
});
afterAll(() => t?.close());

describe('signed Open Badges loaded through the API', () => {
  it('stores each award with the proof status its signature deserves, never "verified" for a tampered one', async () => {
    const rows: { source_key: string; proof_status: string; credential_status: string | null; learner_key: string | null }[] = await t.ds.query(
      `SELECT source_key, proof_status, credential_status, learner_key FROM credential_award`,
    );
    expect(rows).toHaveLength(docs.length);
    const byFile = new Map(docs.map(({ f, doc }) => [f, rows.find((r) => r.source_key === doc.id)!]));
    for (const [f, r] of byFile) {
      const want = f.startsWith('tampered') ? 'invalid' : /unbundled|malformed|not-in-directory/.test(f) ? 'unverifiable' : 'verified';
      expect({ f, status: r.proof_status }).toEqual({ f, status: want });
    }
    expect(byFile.get('revoked-vc2-eddsa-rdfc-2022.json')!.credential_status).toBe('unchecked');
    expect(byFile.get('dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json')!.learner_key).toBeNull();
  });

  it('proof=verified counts only verified awards on equity and saturation; proof=all (default) counts all', async () => {
    const q = '/api/metrics/equity?from=2023-01&to=2026-12';
    const all = await t.http().get(q);
    const verified = await t.http().get(`${q}&proof=verified`);
    expect(all.status).toBe(200);
    expect(all.body.query.proof).toBe('all');
    expect(verified.body.query.proof).toBe('verified');
    // 20 fixtures: 2 VC-JWTs are not in the JSON array; of the 18 JSON ones, one is valid from 2099
    const inPeriod = docs.filter(({ f }) => !f.startsWith('not-yet-valid'));
    const verifiedN = inPeriod.filter(({ f }) => !f.startsWith('tampered') && !/unbundled|malformed|not-in-directory/.test(f)).length;
    expect(all.body.totals.awards).toEqual({ value: inPeriod.length, suppressed: false });
    expect(verified.body.totals.awards).toEqual({ value: verifiedN, suppressed: false });

    const sat = async (proof: string) => (await t.http().get(`/api/metrics/saturation?from=2023-01&to=2026-12&view=unrecognized&proof=${proof}`)).body;
    const sum = (b: { rows: { awards: { value: number | null } }[] }) => b.rows.reduce((s, r) => s + (r.awards.value ?? 0), 0);
    expect(sum(await sat('all'))).toBe(inPeriod.length);
    expect(sum(await sat('verified'))).toBe(verifiedN);
  });

  it('a bad proof value is a 400 naming the parameter and the allowed values', async () => {
    const res = await t.http().get('/api/metrics/outcomes?proof=signed');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ parameter: 'proof', allowed: ['all', 'verified'] });
  });
});
