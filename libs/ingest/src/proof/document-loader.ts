import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as DidKey from '@digitalbazaar/did-method-key';
import { multibaseDecode } from './multibase.js';

/** A document the loader cannot give: the proof is unverifiable offline (never invalid). */
export class UnverifiableError extends Error {}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export interface LoaderOptions {
  /**
   * A directory of did:web DID documents laid out as the did:web method fetches them:
   * did:web:example.edu -> <dir>/example.edu/.well-known/did.json,
   * did:web:example.edu:issuers:7 -> <dir>/example.edu/issuers/7/did.json.
   */
  didWebDir?: string;
}

// The JSON-LD contexts the product bundles (libs/ingest/contexts, see SOURCE.md there): the only
// contexts a proof check ever reads. Nothing is fetched from the network.
const CONTEXT_DIR = new URL('../../contexts/', import.meta.url);
let bundled: Map<string, unknown> | undefined;
export function bundledContexts(): Map<string, unknown> {
  if (!bundled) {
    const index = JSON.parse(readFileSync(new URL('index.json', CONTEXT_DIR), 'utf8')) as Record<string, { file: string }>;
    bundled = new Map(Object.entries(index).map(([url, { file }]) => [url, JSON.parse(readFileSync(new URL(file, CONTEXT_DIR), 'utf8'))]));
  }
  return bundled;
}

let didKeyDriver: ReturnType<typeof DidKey.driver> | undefined;
function didKey() {
  if (!didKeyDriver) {
    didKeyDriver = DidKey.driver();
    // Ed25519 (z6Mk...) keys as Multikey verification methods; the Ed25519Signature2020 and eddsa suites take them.
    didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
  }
  return didKeyDriver;
}

/** The file a did:web DID document is read from, under `dir` (see LoaderOptions.didWebDir). */
export function didWebPath(dir: string, did: string): string {
  const parts = did.slice('did:web:'.length).split(':').map((p) => decodeURIComponent(p));
  if (parts.length === 0 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('/'))) throw new UnverifiableError(`${did} is not a well-formed did:web`);
  return parts.length === 1 ? join(dir, parts[0], '.well-known', 'did.json') : join(dir, ...parts, 'did.json');
}

function didWebDocument(did: string, dir: string | undefined): Record<string, unknown> {
  if (!dir) throw new UnverifiableError(`${did} is a did:web: its DID document would have to be fetched from the network; put it in the did:web directory (CREDPULSE_DID_WEB_DIR) to verify offline`);
  const path = didWebPath(dir, did);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UnverifiableError(`${did}: no DID document at ${path} in the did:web directory; offline verification never fetches it`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UnverifiableError(`${did}: the DID document ${path} is not JSON: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || (doc as { id?: unknown }).id !== did) throw new UnverifiableError(`${did}: the DID document ${path} is for ${JSON.stringify((doc as { id?: unknown })?.id ?? null)}, not this DID`);
  return doc as Record<string, unknown>;
}

/** A verification method of a DID document by its full or relative id, with the document's context. */
function methodOf(doc: Record<string, unknown>, url: string): Record<string, unknown> {
  const did = doc.id as string;
  const fragment = url.slice(url.indexOf('#'));
  const methods = [doc.verificationMethod, doc.assertionMethod, doc.publicKey].flat().filter((m): m is Record<string, unknown> => !!m && typeof m === 'object');
  const m = methods.find((x) => x.id === url || x.id === fragment || `${did}${String(x.id)}` === url);
  if (!m) throw new UnverifiableError(`${url}: the DID document of ${did} has no such verification method`);
  return { '@context': doc['@context'], ...m, id: url, controller: m.controller ?? did };
}

/**
 * The document loader of every proof check: bundled contexts, did:key documents derived from the
 * key itself, and did:web documents from a local directory. Anything else throws UnverifiableError
 * naming what is missing; nothing goes to the network.
 */
export function offlineDocumentLoader(opts: LoaderOptions = {}): DocumentLoader {
  return async (url: string) => {
    const ctx = bundledContexts().get(url);
    if (ctx !== undefined) return { contextUrl: null, documentUrl: url, document: ctx };
    if (url.startsWith('did:key:')) {
      const id = url.split('#')[0].slice('did:key:'.length);
      let bytes: Uint8Array;
      try {
        bytes = multibaseDecode(id);
      } catch (e) {
        throw new UnverifiableError(`malformed key ${url.split('#')[0]}: ${(e as Error).message}`);
      }
      if (!(bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34)) throw new UnverifiableError(`malformed or unsupported key ${url.split('#')[0]}: not an Ed25519 public key (multicodec 0xed01, 32 bytes)`);
      let document: unknown;
      try {
        document = await didKey().get({ url });
      } catch (e) {
        throw new UnverifiableError(`the key ${url} cannot be read: ${(e as Error).message}`);
      }
      return { contextUrl: null, documentUrl: url, document };
    }
    if (url.startsWith('did:web:')) {
      const did = url.split('#')[0];
      const doc = didWebDocument(did, opts.didWebDir);
      return { contextUrl: null, documentUrl: url, document: url.includes('#') ? methodOf(doc, url) : doc };
    }
    if (/^https?:\/\//.test(url)) throw new UnverifiableError(`${url} is not among the contexts and keys bundled with the product (offline verification never fetches documents from the network)`);
    throw new UnverifiableError(`${url} cannot be resolved offline`);
  };
}
