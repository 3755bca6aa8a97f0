import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { ProofStatus } from '@credpulse/contracts';
import { base58Encode, multibaseDecode } from './multibase.js';

/** Proof status of one credential; `detail` says why when it is not simply verified or absent. */
export interface ProofResult {
  status: ProofStatus;
  detail?: string;
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
export async function verifyVcJwt(jws: string, credential: Record<string, unknown>): Promise<ProofResult> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (e) {
    return { status: 'failed', detail: `JWS header cannot be decoded: ${(e as Error).message}` };
  }
  if (!header.alg || header.alg === 'none') return { status: 'failed', detail: 'JWS is unsigned (alg "none")' };
  const issuer = issuerIdOf(credential);
  let key: KeyObject | Awaited<ReturnType<typeof importJWK>> | undefined;
  let source = '';
  try {
    if (typeof header.kid === 'string' && header.kid.startsWith('did:key:')) {
      key = didKeyToPublicKey(header.kid);
      source = `did:key ${header.kid.split('#')[0]}`;
      if (issuer?.startsWith('did:key:') && issuer.split('#')[0] !== header.kid.split('#')[0]) {
        return { status: 'failed', detail: `signing key ${header.kid} does not belong to issuer ${issuer}` };
      }
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
      ? 'a did:web key cannot be fetched offline'
      : 'no did:key, header JWK or embedded issuer key; the key would have to be fetched from the network';
    return { status: 'unverifiable', detail: `${header.alg} signature by ${where}: ${why}` };
  }
  try {
    await compactVerify(jws, key);
    return { status: 'verified', detail: `${header.alg} signature checked with ${source}` };
  } catch (e) {
    return { status: 'failed', detail: `${header.alg} signature does not verify with ${source}: ${(e as Error).message}` };
  }
}

/** JSON Canonicalization Scheme (RFC 8785) for the values JSON can hold. */
export function jcs(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + jcs(o[k])).join(',') + '}';
}

/** The bytes an eddsa-jcs-2022 proof signs: sha256(JCS(proof options)) || sha256(JCS(document)). */
export function eddsaJcsHashData(document: Record<string, unknown>, proof: Record<string, unknown>): Buffer {
  const { proof: _ignored, ...unsecured } = document;
  const { proofValue: _pv, ...options } = proof;
  const config = document['@context'] !== undefined ? { ...options, '@context': document['@context'] } : options;
  return Buffer.concat([createHash('sha256').update(jcs(config)).digest(), createHash('sha256').update(jcs(unsecured)).digest()]);
}

/** Checks the Data Integrity proof(s) of a JSON-LD credential offline where that is possible. */
export function verifyDataIntegrity(document: Record<string, unknown>): ProofResult {
  const proofs = [document.proof].flat().filter((p): p is Record<string, unknown> => !!p && typeof p === 'object');
  if (proofs.length === 0) return { status: 'none' };
  const results = proofs.map((p) => verifyOneProof(document, p));
  const failed = results.find((r) => r.status === 'failed');
  if (failed) return failed;
  if (results.every((r) => r.status === 'verified')) return { status: 'verified', detail: results.map((r) => r.detail).join('; ') };
  return { status: 'unverifiable', detail: results.filter((r) => r.status !== 'verified').map((r) => r.detail).join('; ') };
}

function verifyOneProof(document: Record<string, unknown>, proof: Record<string, unknown>): ProofResult {
  const suite = typeof proof.cryptosuite === 'string' ? proof.cryptosuite : String(proof.type ?? 'unknown');
  const vm = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : '';
  if (suite === 'eddsa-jcs-2022') {
    if (!vm.startsWith('did:key:')) {
      return { status: 'unverifiable', detail: `eddsa-jcs-2022 proof by ${vm || 'an unnamed key'}: ${vm.startsWith('did:web:') ? 'a did:web key cannot be fetched offline' : 'only did:key verification methods resolve offline'}` };
    }
    if (typeof proof.proofValue !== 'string') return { status: 'failed', detail: 'eddsa-jcs-2022 proof has no proofValue' };
    try {
      const key = didKeyToPublicKey(vm);
      if (key.asymmetricKeyType !== 'ed25519') return { status: 'failed', detail: `eddsa-jcs-2022 needs an Ed25519 key; ${vm} is ${key.asymmetricKeyType}` };
      const ok = cryptoVerify(null, eddsaJcsHashData(document, proof), key, multibaseDecode(proof.proofValue));
      return ok ? { status: 'verified', detail: `eddsa-jcs-2022 checked with ${vm.split('#')[0]}` } : { status: 'failed', detail: `eddsa-jcs-2022 signature does not match the document (altered after signing?)` };
    } catch (e) {
      return { status: 'failed', detail: `eddsa-jcs-2022 proof cannot be checked: ${(e as Error).message}` };
    }
  }
  // RDF-canonicalised suites need JSON-LD expansion with every remote @context and RDF Dataset
  // Canonicalization; neither is available offline here, so such proofs are reported, not trusted.
  const keyNote = vm.startsWith('did:web:') || vm.startsWith('http') ? `; the key ${vm} cannot be fetched offline` : '';
  return { status: 'unverifiable', detail: `${suite} proof needs JSON-LD expansion with remote contexts and RDF canonicalisation, not available offline${keyNote}` };
}
