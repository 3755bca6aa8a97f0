import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { ProofStatus } from '@credpulse/contracts';
import { base58Encode, multibaseDecode } from './multibase.js';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createVerifyCryptosuite as createJcsVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { offlineDocumentLoader, type LoaderOptions } from './document-loader.js';

/** Proof status of one credential; `detail` says why when it is not simply verified or absent. */
export interface ProofResult {
  status: ProofStatus;
  detail?: string;
  /** 'unchecked' when the credential has a credentialStatus (a status list is not available offline). */
  credentialStatus?: 'unchecked';
}

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const P256_SPKI_COMPRESSED = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

/** Public key of a did:key (Ed25519 or P-256); throws with the reason when it is not one of those. */
export function didKeyToPublicKey(did: string): KeyObject {
  const id = did.split('#')[0];
  if (!id.startsWith('did:key:')) throw new Error(`${id} is not a did:key`);
  const bytes = multibaseDecode(id.slice('did:key:'.length));
  // multicodec varint prefixes: 0xed 0x01 Ed25519 public key; 0x80 0x24 P-256 compressed public key
  if (bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34) {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI, bytes.subarray(2)]), format: 'der', type: 'spki' });
  }
  if (bytes[0] === 0x80 && bytes[1] === 0x24 && bytes.length === 35) {
    return createPublicKey({ key: Buffer.concat([P256_SPKI_COMPRESSED, bytes.subarray(2)]), format: 'der', type: 'spki' });
  }
  throw new Error(`did:key with multicodec 0x${Buffer.from(bytes.subarray(0, 2)).toString('hex')} is not supported (Ed25519 and P-256 are)`);
}

/** did:key for an Ed25519 public key (raw 32 bytes); used by tests and demo issuers. */
export function ed25519DidKey(publicKeyRaw: Uint8Array): string {
  return 'did:key:z' + base58Encode(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(publicKeyRaw)]));
}

const issuerIdOf = (cred: Record<string, unknown>): string | undefined => {
  const iss = cred.issuer;
  if (typeof iss === 'string') return iss;
  if (iss && typeof iss === 'object' && typeof (iss as { id?: unknown }).id === 'string') return (iss as { id: string }).id;
  return undefined;
};

/** JWKs the issuer profile embeds (publicKeyJwk of verificationMethod / publicKey / jwks.keys). */
function embeddedIssuerJwks(cred: Record<string, unknown>): { kid?: string; jwk: JWK }[] {
  const iss = cred.issuer as Record<string, unknown> | undefined;
  if (!iss || typeof iss !== 'object') return [];
  const out: { kid?: string; jwk: JWK }[] = [];
  const push = (m: unknown) => {
    if (!m || typeof m !== 'object') return;
    const o = m as Record<string, unknown>;
    if (o.publicKeyJwk && typeof o.publicKeyJwk === 'object') out.push({ kid: typeof o.id === 'string' ? o.id : undefined, jwk: o.publicKeyJwk as JWK });
    else if (typeof o.kty === 'string') out.push({ kid: typeof o.kid === 'string' ? o.kid : undefined, jwk: o as JWK });
  };
  for (const k of ['verificationMethod', 'publicKey', 'assertionMethod']) for (const m of [iss[k]].flat()) push(m);
  const jwks = iss.jwks as { keys?: unknown[] } | undefined;
  for (const m of jwks?.keys ?? []) push(m);
  return out;
}

/**
 * Verifies a VC-JWT (compact JWS) with a key that can be resolved offline: a did:key kid (or did:key
 * issuer), a JWK in the protected header, or a JWK the issuer profile embeds. Anything else is
 * unverifiable, never verified.
 */
export async function verifyVcJwt(jws: string, credential: Record<string, unknown>, opts: LoaderOptions = {}): Promise<ProofResult> {
  const credentialStatus = credential.credentialStatus !== undefined ? ('unchecked' as const) : undefined;
  const r = await verifyJws(jws, credential, opts);
  return credentialStatus ? { ...r, credentialStatus } : r;
}

async function verifyJws(jws: string, credential: Record<string, unknown>, opts: LoaderOptions): Promise<ProofResult> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (e) {
    return { status: 'unverifiable', detail: `JWS header cannot be decoded: ${(e as Error).message}` };
  }
  if (!header.alg || header.alg === 'none') return { status: 'invalid', detail: 'JWS is unsigned (alg "none")' };
  const issuer = issuerIdOf(credential);
  let key: KeyObject | Awaited<ReturnType<typeof importJWK>> | undefined;
  let source = '';
  try {
    if (typeof header.kid === 'string' && header.kid.startsWith('did:key:')) {
      key = didKeyToPublicKey(header.kid);
      source = `did:key ${header.kid.split('#')[0]}`;
      if (issuer?.startsWith('did:key:') && issuer.split('#')[0] !== header.kid.split('#')[0]) {
        return { status: 'invalid', detail: `signing key ${header.kid} does not belong to issuer ${issuer}` };
      }
    } else if (typeof header.kid === 'string' && header.kid.startsWith('did:web:') && opts.didWebDir) {
      const r = await didWebJwsKey(header.kid, header.alg, opts);
      if ('error' in r) return { status: 'unverifiable', detail: `${header.alg} signature by kid ${header.kid}: ${r.error}` };
      key = r.key;
      source = `did:web ${header.kid.split('#')[0]} (DID document in the did:web directory)`;
    } else if (header.jwk) {
      key = await importJWK(header.jwk as JWK, header.alg);
      source = 'the JWK in the JWS header (self-asserted key)';
    } else if (issuer?.startsWith('did:key:')) {
      key = didKeyToPublicKey(issuer);
      source = `issuer did:key`;
    } else {
      const embedded = embeddedIssuerJwks(credential);
      const match = embedded.find((k) => header.kid === undefined || k.kid === header.kid || k.jwk.kid === header.kid) ?? undefined;
      if (match) {
        key = await importJWK(match.jwk, header.alg);
        source = 'a JWK embedded in the issuer profile';
      }
    }
  } catch (e) {
    return { status: 'unverifiable', detail: `key cannot be used: ${(e as Error).message}` };
  }
  if (!key) {
    const where = header.kid ? `kid ${header.kid}` : issuer ? `issuer ${issuer}` : 'the JWS';
    const why = (header.kid ?? issuer ?? '').startsWith('did:web:')
      ? 'a did:web key cannot be fetched offline; put its DID document in the did:web directory (CREDPULSE_DID_WEB_DIR)'
      : 'no did:key, header JWK or embedded issuer key; the key would have to be fetched from the network';
    return { status: 'unverifiable', detail: `${header.alg} signature by ${where}: ${why}` };
  }
  try {
    await compactVerify(jws, key);
    return { status: 'verified', detail: `${header.alg} signature checked with ${source}` };
  } catch (e) {
    return { status: 'invalid', detail: `${header.alg} signature does not verify with ${source}: ${(e as Error).message}` };
  }
}

/** The key of a did:web verification method (publicKeyJwk, or an Ed25519 publicKeyMultibase) from the local directory. */
async function didWebJwsKey(kid: string, alg: string, opts: LoaderOptions): Promise<{ key: KeyObject | Awaited<ReturnType<typeof importJWK>> } | { error: string }> {
  try {
    const { document } = await offlineDocumentLoader(opts)(kid.includes('#') ? kid : `${kid}#${kid}`);
    const m = document as Record<string, unknown>;
    if (m.publicKeyJwk && typeof m.publicKeyJwk === 'object') return { key: await importJWK(m.publicKeyJwk as JWK, alg) };
    if (typeof m.publicKeyMultibase === 'string') return { key: didKeyToPublicKey(`did:key:${m.publicKeyMultibase}`) };
    return { error: 'its verification method has neither publicKeyJwk nor publicKeyMultibase' };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Suites this product checks offline: Data Integrity cryptosuites and the older proof types. */
const DI_SUITES = new Set(['eddsa-rdfc-2022', 'eddsa-jcs-2022']);
const PROOF_TYPES = new Set(['Ed25519Signature2020']);

let suites: unknown[] | undefined;
function verifySuites(): unknown[] {
  suites ??= [new Ed25519Signature2020(), new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), new DataIntegrityProof({ cryptosuite: createJcsVerifyCryptosuite() })];
  return suites;
}

/** Messages of a jsonld-signatures / vc verification result, innermost first. */
function errorsOf(result: { error?: unknown; results?: { error?: unknown }[] }): Error[] {
  const out: Error[] = [];
  const walk = (e: unknown) => {
    if (!e || typeof e !== 'object') return;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) inner.forEach(walk);
    else if (e instanceof Error) out.push(e);
  };
  walk(result.error);
  for (const r of result.results ?? []) walk(r.error);
  return out;
}

const proofName = (p: Record<string, unknown>) => (typeof p.cryptosuite === 'string' ? p.cryptosuite : String(p.type ?? 'unknown'));

/**
 * Checks the Data Integrity / Linked Data proof(s) of a JSON-LD credential offline with the Digital
 * Bazaar libraries (jsonld, jsonld-signatures, @digitalbazaar/vc and the Ed25519Signature2020,
 * eddsa-rdfc-2022 and eddsa-jcs-2022 suites). Contexts come from the bundled set only, did:key keys
 * from the key itself, did:web documents from `opts.didWebDir`. A signature that does not match is
 * "invalid"; anything that cannot be checked offline (a context or key not at hand, an unsupported
 * suite, a malformed key) is "unverifiable" with the reason. Validity dates are not part of this
 * status (the caller flags expired and not-yet-valid credentials); a credentialStatus is
 * "unchecked": status lists are on the network.
 */
export async function verifyDataIntegrity(document: Record<string, unknown>, opts: LoaderOptions = {}): Promise<ProofResult> {
  const proofs = [document.proof].flat().filter((p): p is Record<string, unknown> => !!p && typeof p === 'object');
  const credentialStatus = document.credentialStatus !== undefined ? ('unchecked' as const) : undefined;
  const withStatus = (r: ProofResult): ProofResult => (credentialStatus ? { ...r, credentialStatus } : r);
  if (proofs.length === 0) return withStatus({ status: 'none' });
  const unsupported = proofs.filter((p) => !(p.type === 'DataIntegrityProof' ? DI_SUITES.has(String(p.cryptosuite)) : PROOF_TYPES.has(String(p.type))));
  if (unsupported.length > 0) {
    return withStatus({ status: 'unverifiable', detail: `proof suite ${unsupported.map(proofName).join(', ')} is not one this product checks (Ed25519Signature2020, eddsa-rdfc-2022, eddsa-jcs-2022)` });
  }
  const misses: string[] = [];
  const loader = offlineDocumentLoader(opts);
  const documentLoader = async (url: string) => {
    try {
      return await loader(url);
    } catch (e) {
      misses.push((e as Error).message);
      throw e;
    }
  };
  // The validity window is checked by the caller; the library checks it against `now`, so the
  // proof is checked as of the credential's own start date (or now when it has none).
  const from = [document.validFrom, document.issuanceDate].find((d) => typeof d === 'string' && !Number.isNaN(Date.parse(d))) as string | undefined;
  const what = proofs.map((p) => `${proofName(p)} by ${typeof p.verificationMethod === 'string' ? p.verificationMethod.split('#')[0] : 'an unnamed key'}`).join('; ');
  let result: { verified: boolean; error?: unknown; results?: { error?: unknown }[] };
  try {
    result = await vc.verifyCredential({
      credential: document,
      suite: verifySuites(),
      documentLoader,
      now: from ? new Date(from) : new Date(),
      checkStatus: async () => ({ verified: true }),
    });
  } catch (e) {
    result = { verified: false, error: e };
  }
  if (result.verified) return withStatus({ status: 'verified', detail: `${what}: signature checked offline` });
  if (misses.length > 0) return withStatus({ status: 'unverifiable', detail: `${what}: ${misses[0]}` });
  const errors = errorsOf(result);
  const msg = [...new Set(errors.map((e) => e.message))].join('; ') || 'verification failed';
  // a signature that does not match the document, or a key its controller does not list for
  // assertions: the credential is not what its issuer signed
  if (errors.some((e) => /invalid signature|signature.*(verif|match)|not authorized|verification method .* not .* controller/i.test(e.message))) {
    return withStatus({ status: 'invalid', detail: `${what}: ${msg} (altered after signing, or not signed by this key)` });
  }
  return withStatus({ status: 'unverifiable', detail: `${what}: ${msg}` });
}
