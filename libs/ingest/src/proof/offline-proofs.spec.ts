import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeVcJwt } from '../formats/obv3.js';
import { verifyDataIntegrity, verifyVcJwt, type ProofResult } from './verify.js';

// Fixtures signed by scripts/sign-openbadge-fixtures.mjs with the same Digital Bazaar libraries.
const DIR = join(import.meta.dirname, '../../../../tests/fixtures/openbadges_signed');
const didWebDir = join(DIR, 'did-web');
const check = async (file: string, opts = { didWebDir }): Promise<ProofResult> => {
  const text = readFileSync(join(DIR, file), 'utf8').trim();
  return file.endsWith('.jwt') ? verifyVcJwt(text, decodeVcJwt(text), opts) : verifyDataIntegrity(JSON.parse(text), opts);
};

describe('offline proof verification of signed Open Badges', () => {
  it.each([
    'dcc-name-only-vc1-ed25519signature2020-didkey.json',
    'dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json',
    'vc1-eddsa-rdfc-2022-didkey.json',
    'vc2-ed25519signature2020-didkey.json',
    'vc2-eddsa-jcs-2022-didkey.json',
    'vc2-eddsa-rdfc-2022-didweb.json',
    'vc1-ed25519signature2020-didweb.json',
    'expired-vc2-eddsa-rdfc-2022.json',
    'expired-vc1-ed25519signature2020.json',
    'not-yet-valid-vc2-eddsa-rdfc-2022.json',
    'vc-jwt-eddsa-didkey.jwt',
  ])('%s verifies offline', async (file) => {
    const r = await check(file);
    expect(r, r.detail).toMatchObject({ status: 'verified' });
  });

  it.each(['tampered-vc2-eddsa-rdfc-2022.json', 'tampered-vc1-ed25519signature2020.json', 'tampered-vc2-eddsa-jcs-2022.json', 'tampered-vc2-eddsa-rdfc-2022-didweb.json', 'tampered-vc-jwt-eddsa-didkey.jwt'])(
    '%s is invalid, never verified',
    async (file) => {
      const r = await check(file);
      expect(r.status, r.detail).toBe('invalid');
    },
  );

  it('a revoked credential verifies, with its status unchecked (the status list is not available offline)', async () => {
    expect(await check('revoked-vc2-eddsa-rdfc-2022.json')).toMatchObject({ status: 'verified', credentialStatus: 'unchecked' });
  });

  it('a did:web whose DID document is not in the directory is unverifiable, with the reason', async () => {
    expect(await check('vc2-eddsa-rdfc-2022-didweb-not-in-directory.json')).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/did:web:credentials\.example\.org: no DID document at .* offline verification never fetches it/) });
    // with no directory configured at all
    expect(await check('vc2-eddsa-rdfc-2022-didweb.json', { didWebDir: undefined as unknown as string })).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/CREDPULSE_DID_WEB_DIR/) });
  });

  it('a context that is not bundled is unverifiable, naming the context', async () => {
    expect(await check('unbundled-context-vc2-eddsa-rdfc-2022.json')).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/https:\/\/badges\.example\.edu\/contexts\/extra-terms\.json is not among the contexts and keys bundled/) });
  });

  it('a malformed key is unverifiable, naming the key', async () => {
    expect(await check('malformed-key-vc2-eddsa-rdfc-2022.json')).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/z6MkBROKEN/) });
  });

  it('an unsupported suite is unverifiable, and a document without proof has none', async () => {
    const doc = JSON.parse(readFileSync(join(DIR, 'dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json'), 'utf8'));
    expect(await verifyDataIntegrity({ ...doc, proof: { ...doc.proof, cryptosuite: 'ecdsa-rdfc-2019' } })).toMatchObject({ status: 'unverifiable', detail: expect.stringMatching(/ecdsa-rdfc-2019 is not one this product checks/) });
    const { proof: _p, ...unsigned } = doc;
    expect(await verifyDataIntegrity(unsigned)).toEqual({ status: 'none' });
  });

  it('every fixture in the folder is covered by a case above', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') || f.endsWith('.jwt'));
    expect(files.length).toBe(20);
  });
});
