#!/usr/bin/env node
// Signs the Open Badges 3.0 fixtures of tests/fixtures/openbadges_signed with the Digital Bazaar
// libraries the product verifies with: every case the proof check must tell apart (suites, VC
// versions, did:key and did:web, tampered, expired, revoked, not yet valid, a context that is not
// bundled, a malformed key). Keys come from fixed seeds, so a re-run gives the same keys; proofs of
// eddsa suites are deterministic too (only `created` changes, pinned below).
//   node scripts/sign-openbadge-fixtures.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, createPrivateKey } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createSignCryptosuite as eddsaJcs2022Sign } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as DidKey from '@digitalbazaar/did-method-key';
import { CompactSign } from 'jose';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'tests/fixtures/openbadges_signed');
const CONTEXTS = join(root, 'libs/ingest/contexts');
const index = JSON.parse(readFileSync(join(CONTEXTS, 'index.json'), 'utf8'));
const contexts = new Map(Object.entries(index).map(([url, { file }]) => [url, JSON.parse(readFileSync(join(CONTEXTS, file), 'utf8'))]));

const VC1 = 'https://www.w3.org/2018/credentials/v1';
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const OB302 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const DI1 = 'https://w3id.org/security/data-integrity/v1';
const CREATED = '2025-06-01T12:00:00Z';

const seed = (label) => createHash('sha256').update(`credpulse fixture key: ${label}`).digest();

// did:key issuer (Ed25519), once as Multikey (eddsa suites), once as Ed25519VerificationKey2020
const didKeyDriver = DidKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
const mk = await Ed25519Multikey.generate({ seed: seed('did:key issuer') });
const didKey = `did:key:${mk.publicKeyMultibase}`;
mk.id = `${didKey}#${mk.publicKeyMultibase}`;
mk.controller = didKey;
const key2020 = await Ed25519VerificationKey2020.generate({ seed: seed('did:key issuer') });
key2020.id = mk.id;
key2020.controller = didKey;

// did:web issuer whose DID document is in the fixtures' did:web directory
const DID_WEB = 'did:web:badges.example.edu:issuers:nursing';
const webKey = await Ed25519Multikey.generate({ seed: seed('did:web issuer') });
webKey.id = `${DID_WEB}#key-1`;
webKey.controller = DID_WEB;
const webKey2020 = await Ed25519VerificationKey2020.generate({ seed: seed('did:web issuer') });
webKey2020.id = webKey.id;
webKey2020.controller = DID_WEB;
const didWebDoc = {
  '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
  id: DID_WEB,
  verificationMethod: [{ id: webKey.id, type: 'Multikey', controller: DID_WEB, publicKeyMultibase: webKey.publicKeyMultibase }],
  assertionMethod: [webKey.id],
  authentication: [webKey.id],
};
// an issuer whose DID document is not in the directory
const DID_WEB_ABSENT = 'did:web:credentials.example.org';
const absentKey = await Ed25519Multikey.generate({ seed: seed('did:web absent issuer') });
absentKey.id = `${DID_WEB_ABSENT}#key-1`;
absentKey.controller = DID_WEB_ABSENT;

const documentLoader = async (url) => {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await didKeyDriver.get({ url }) };
  if (url.startsWith(DID_WEB)) {
    const doc = url.includes('#') ? { '@context': didWebDoc['@context'], ...didWebDoc.verificationMethod[0] } : didWebDoc;
    return { contextUrl: null, documentUrl: url, document: doc };
  }
  if (url.startsWith(DID_WEB_ABSENT)) {
    const doc = { '@context': didWebDoc['@context'], id: DID_WEB_ABSENT, verificationMethod: [{ id: absentKey.id, type: 'Multikey', controller: DID_WEB_ABSENT, publicKeyMultibase: absentKey.publicKeyMultibase }], assertionMethod: [absentKey.id] };
    return { contextUrl: null, documentUrl: url, document: url.includes('#') ? { '@context': doc['@context'], ...doc.verificationMethod[0] } : doc };
  }
  throw new Error(`fixture loader: ${url} not available`);
};

const achievement = (n, name, type = 'Certificate') => ({
  id: `https://badges.example.edu/achievements/${n}`,
  type: ['Achievement'],
  achievementType: type,
  name,
  description: `${name}, awarded on completion of the course and its assessment.`,
  criteria: { narrative: 'Completed the course and passed the assessment.' },
});

// The shape the Digital Credentials Consortium's signing service issues: the subject names the learner.
function credential({ version, n, issuer, subject, validFrom = '2025-05-15T00:00:00Z', validUntil, extra = {}, contexts: extraContexts = [] }) {
  const v1 = version === 1;
  return {
    '@context': [v1 ? VC1 : VC2, v1 ? OB302 : OB, ...extraContexts],
    id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Certified Nursing Assistant (CNA) training certificate',
    issuer: { id: issuer, type: ['Profile'], name: 'Example Community College', url: 'https://badges.example.edu' },
    [v1 ? 'issuanceDate' : 'validFrom']: validFrom,
    ...(validUntil ? { [v1 ? 'expirationDate' : 'validUntil']: validUntil } : {}),
    credentialSubject: { type: ['AchievementSubject'], ...subject, achievement: achievement(n % 3, ['Certified Nursing Assistant training', 'Phlebotomy technician', 'CompTIA Security+ preparation'][n % 3]) },
    ...extra,
  };
}

const rdfc = (key) => new DataIntegrityProof({ signer: key.signer(), date: CREATED, cryptosuite: eddsaRdfc2022 });
const jcs = (key) => new DataIntegrityProof({ signer: key.signer(), date: CREATED, cryptosuite: eddsaJcs2022Sign() });
const ed2020 = (key) => new Ed25519Signature2020({ key, date: CREATED });
const sign = (cred, suite) => vc.issue({ credential: cred, suite, documentLoader });

const named = { name: 'Taylor Tuna' };
const withId = (i) => ({ id: `did:example:learner-${i}` });
const files = {};

// accepted and verified
files['dcc-name-only-vc1-ed25519signature2020-didkey.json'] = await sign(credential({ version: 1, n: 1, issuer: didKey, subject: named, contexts: [ED2020] }), ed2020(key2020));
files['dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json'] = await sign(credential({ version: 2, n: 2, issuer: didKey, subject: named }), rdfc(mk));
files['vc2-eddsa-jcs-2022-didkey.json'] = await sign(credential({ version: 2, n: 3, issuer: didKey, subject: withId(3) }), jcs(mk));
files['vc1-eddsa-rdfc-2022-didkey.json'] = await sign(credential({ version: 1, n: 4, issuer: didKey, subject: withId(4) }), rdfc(mk));
files['vc2-ed25519signature2020-didkey.json'] = await sign(credential({ version: 2, n: 5, issuer: didKey, subject: withId(5), contexts: [ED2020] }), ed2020(key2020));
files['vc2-eddsa-rdfc-2022-didweb.json'] = await sign(credential({ version: 2, n: 6, issuer: DID_WEB, subject: named }), rdfc(webKey));
files['vc1-ed25519signature2020-didweb.json'] = await sign(credential({ version: 1, n: 7, issuer: DID_WEB, subject: withId(7), contexts: [ED2020] }), ed2020(webKey2020));
// verified, flagged
files['expired-vc2-eddsa-rdfc-2022.json'] = await sign(credential({ version: 2, n: 8, issuer: didKey, subject: named, validFrom: '2023-01-10T00:00:00Z', validUntil: '2024-01-10T00:00:00Z' }), rdfc(mk));
files['expired-vc1-ed25519signature2020.json'] = await sign(credential({ version: 1, n: 9, issuer: didKey, subject: named, validFrom: '2023-01-10T00:00:00Z', validUntil: '2024-01-10T00:00:00Z', contexts: [ED2020] }), ed2020(key2020));
files['not-yet-valid-vc2-eddsa-rdfc-2022.json'] = await sign(credential({ version: 2, n: 10, issuer: didKey, subject: named, validFrom: '2099-01-01T00:00:00Z' }), rdfc(mk));
const status = {
  id: 'https://status.example.edu/lists/3#94567',
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: '94567',
  statusListCredential: 'https://status.example.edu/lists/3',
};
files['revoked-vc2-eddsa-rdfc-2022.json'] = await sign(credential({ version: 2, n: 11, issuer: didKey, subject: named, extra: { credentialStatus: status } }), rdfc(mk));
// unverifiable offline
files['vc2-eddsa-rdfc-2022-didweb-not-in-directory.json'] = await sign(credential({ version: 2, n: 12, issuer: DID_WEB_ABSENT, subject: named }), rdfc(absentKey));
{
  const c = credential({ version: 2, n: 13, issuer: didKey, subject: named, contexts: [{ '@vocab': 'https://badges.example.edu/vocab#' }] });
  const signed = await sign(c, rdfc(mk));
  // a context the product does not bundle (the proof itself is fine with the inline one above)
  signed['@context'][2] = 'https://badges.example.edu/contexts/extra-terms.json';
  files['unbundled-context-vc2-eddsa-rdfc-2022.json'] = signed;
}
{
  const signed = await sign(credential({ version: 2, n: 14, issuer: didKey, subject: named }), rdfc(mk));
  signed.proof.verificationMethod = 'did:key:z6MkBROKENkeyNotBase58OIl0#z6MkBROKENkeyNotBase58OIl0';
  signed.issuer.id = 'did:key:z6MkBROKENkeyNotBase58OIl0';
  files['malformed-key-vc2-eddsa-rdfc-2022.json'] = signed;
}
// tampered after signing: never verified
const tamper = (doc) => {
  const t = structuredClone(doc);
  t.credentialSubject.achievement.name = 'Registered Nurse (RN) licence';
  // its own id, so that it is not taken for a duplicate of the genuine credential when both are loaded
  t.id = t.id.replace(/-8000-0/, '-8000-9');
  return t;
};
files['tampered-vc2-eddsa-rdfc-2022.json'] = tamper(files['dcc-name-only-vc2-eddsa-rdfc-2022-didkey.json']);
files['tampered-vc1-ed25519signature2020.json'] = tamper(files['dcc-name-only-vc1-ed25519signature2020-didkey.json']);
files['tampered-vc2-eddsa-jcs-2022.json'] = tamper(files['vc2-eddsa-jcs-2022-didkey.json']);
files['tampered-vc2-eddsa-rdfc-2022-didweb.json'] = tamper(files['vc2-eddsa-rdfc-2022-didweb.json']);

mkdirSync(OUT, { recursive: true });
for (const [name, doc] of Object.entries(files)) writeFileSync(join(OUT, name), JSON.stringify(doc, null, 2) + '\n');

// VC-JWT (VCDM 1.1 `vc` claim) signed with EdDSA by the did:key issuer, and a tampered copy
{
  const cred = credential({ version: 1, n: 15, issuer: didKey, subject: named });
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed('did:key issuer'))]), format: 'der', type: 'pkcs8' });
  const payload = { iss: didKey, jti: cred.id, nbf: Math.floor(Date.parse(cred.issuanceDate) / 1000), vc: cred };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: mk.id }).sign(privateKey);
  writeFileSync(join(OUT, 'vc-jwt-eddsa-didkey.jwt'), jws + '\n');
  const [h, p, s] = jws.split('.');
  const bad = JSON.parse(Buffer.from(p, 'base64url').toString());
  bad.vc.credentialSubject.achievement.name = 'Registered Nurse (RN) licence';
  writeFileSync(join(OUT, 'tampered-vc-jwt-eddsa-didkey.jwt'), `${h}.${Buffer.from(JSON.stringify(bad)).toString('base64url')}.${s}\n`);
}

const webDir = join(OUT, 'did-web', 'badges.example.edu', 'issuers', 'nursing');
mkdirSync(webDir, { recursive: true });
writeFileSync(join(webDir, 'did.json'), JSON.stringify(didWebDoc, null, 2) + '\n');
console.log(`${Object.keys(files).length + 2} fixtures and 1 did:web document written to ${OUT}`);
