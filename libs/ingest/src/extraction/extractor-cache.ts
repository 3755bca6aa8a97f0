import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AutomatonTables } from './automaton.js';
import { createExtractor, type ExtractionDictionary, type Extractor, type ExtractorOptions, type ExtractorSnapshot } from './extractor.js';

// Building the extractor (tokenising and compiling ~110k phrases) costs about a second of CPU, paid
// by every process and every extraction worker: each `credpulse ingest`, each file's worker pool.
// The built tables are kept in a file keyed by a hash of the dictionary, the build options and the
// extraction code itself, so a process (or worker) that finds the file reads ~20 MB of typed arrays
// instead (tens of ms). A stale file can never be used: any change to the dictionary or to the code
// of this directory gives another key. Files are written atomically (temp + rename); the newest few
// are kept; a file is read only when this user owns it. CREDPULSE_EXTRACTOR_CACHE=<dir> moves the
// files, =0 turns the cache off.

const MAGIC = 0x31585043; // "CPX1"
const KEEP_FILES = 4;

type Typed = Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Uint16Array<ArrayBuffer>;
const KINDS = { i32: Int32Array, u8: Uint8Array, u16: Uint16Array } as const;
type KindName = keyof typeof KINDS;
const kindOf = (a: Typed): KindName => (a instanceof Int32Array ? 'i32' : a instanceof Uint16Array ? 'u16' : 'u8');

let codeHash: string | undefined;
/** A hash of this directory's code (the .js files of the compiled library, or the .ts sources under tests). */
function extractionCodeHash(): string {
  if (codeHash) return codeHash;
  const here = dirname(fileURLToPath(import.meta.url));
  const h = createHash('sha256');
  for (const f of readdirSync(here).sort()) {
    if (!/\.(js|ts)$/.test(f) || f.endsWith('.d.ts') || f.includes('.spec.')) continue;
    h.update(f).update('\0').update(readFileSync(join(here, f))).update('\0');
  }
  return (codeHash = h.digest('hex'));
}

/** The cache directory, or null when turned off. */
export function extractorCacheDir(): string | null {
  const env = process.env.CREDPULSE_EXTRACTOR_CACHE;
  if (env === '0' || env === 'off') return null;
  return env && env !== '1' ? env : join(tmpdir(), 'credpulse-extractor-cache');
}

/** The key of a dictionary's tables: dictionary, build options and extraction code. */
export function extractorKey(dict: ExtractionDictionary, options: Pick<ExtractorOptions, 'deriveAliases'> = {}): string {
  const h = createHash('sha256');
  h.update(extractionCodeHash());
  h.update(JSON.stringify({ derive: options.deriveAliases ?? !dict.aliasesDerived }));
  for (const s of dict.skills) {
    h.update(s.id).update('\0').update(s.name).update('\0');
    for (const a of s.altLabels ?? []) h.update(a).update('\u0001');
    h.update('\n');
  }
  h.update('\u0002');
  for (const c of dict.credentials) {
    h.update(String(c.id)).update('\0').update(c.name).update('\0');
    for (const a of c.shortNames ?? []) h.update(a).update('\u0001');
    h.update('\n');
  }
  return h.digest('hex').slice(0, 40);
}

/** The snapshot as one buffer: magic, header length, JSON header, then the arrays 8-byte aligned. */
export function encodeSnapshot(s: ExtractorSnapshot): Buffer {
  const arrays: [string, Typed][] = [
    ['kinds', s.kinds],
    ['caseSensitive', s.caseSensitive],
    ['indices', s.indices],
    ['vocab.pool', s.automaton.vocab.pool],
    ['vocab.meta', s.automaton.vocab.meta],
    ['vocab.table', s.automaton.vocab.table],
    ['depth', s.automaton.depth],
    ['edges', s.automaton.edges],
    ['rootNext', s.automaton.rootNext],
    ['fail', s.automaton.fail],
    ['outLink', s.automaton.outLink],
    ['outStart', s.automaton.outStart],
    ['outData', s.automaton.outData],
    ['deepTok', s.automaton.deepTok],
    ['hasChild', s.automaton.hasChild],
  ];
  let offset = 0;
  const layout = arrays.map(([name, a]) => {
    const entry = { name, kind: kindOf(a), length: a.length, offset };
    offset += Math.ceil(a.byteLength / 8) * 8;
    return entry;
  });
  const a = s.automaton;
  const header = Buffer.from(
    JSON.stringify({
      layout,
      scalars: { stateCount: a.stateCount, phraseCount: a.phraseCount, edgeMask: a.edgeMask, edgeCount: a.edgeCount, vocabCount: a.vocab.count, maxLength: a.vocab.maxLength, dropped: s.dropped },
      caseRaw: s.caseRaw,
      contextEntries: s.contextEntries,
      knownCredentialKeys: s.knownCredentialKeys,
    }),
  );
  const dataStart = Math.ceil((8 + header.length) / 8) * 8;
  const out = Buffer.alloc(dataStart + offset);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  arrays.forEach(([, arr], i) => out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), dataStart + layout[i].offset));
  return out;
}

export function decodeSnapshot(buf: Buffer): ExtractorSnapshot {
  if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not an extractor snapshot');
  const headerLength = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as {
    layout: { name: string; kind: KindName; length: number; offset: number }[];
    scalars: { stateCount: number; phraseCount: number; edgeMask: number; edgeCount: number; vocabCount: number; maxLength: number; dropped: number };
    caseRaw: [number, string[]][];
    contextEntries: number[];
    knownCredentialKeys: string[];
  };
  const dataStart = Math.ceil((8 + headerLength) / 8) * 8;
  const arr = new Map<string, Typed>();
  for (const l of h.layout) {
    const T = KINDS[l.kind];
    const bytes = l.length * T.BYTES_PER_ELEMENT;
    const from = buf.byteOffset + dataStart + l.offset;
    if (dataStart + l.offset + bytes > buf.length) throw new Error('truncated extractor snapshot');
    // an own, aligned copy (the file's buffer may sit at any offset of a pooled allocation)
    arr.set(l.name, new T(buf.buffer.slice(from, from + bytes) as ArrayBuffer));
  }
  const get = <A extends Typed>(name: string): A => {
    const a = arr.get(name);
    if (!a) throw new Error(`extractor snapshot lacks ${name}`);
    return a as A;
  };
  const sc = h.scalars;
  const automaton: AutomatonTables = {
    vocab: { pool: get<Uint16Array<ArrayBuffer>>('vocab.pool'), meta: get<Int32Array<ArrayBuffer>>('vocab.meta'), table: get<Int32Array<ArrayBuffer>>('vocab.table'), count: sc.vocabCount, maxLength: sc.maxLength },
    stateCount: sc.stateCount,
    phraseCount: sc.phraseCount,
    depth: get('depth'),
    edges: get('edges'),
    edgeMask: sc.edgeMask,
    edgeCount: sc.edgeCount,
    rootNext: get('rootNext'),
    fail: get('fail'),
    outLink: get('outLink'),
    outStart: get('outStart'),
    outData: get('outData'),
    deepTok: get('deepTok'),
    hasChild: get('hasChild'),
  };
  return {
    automaton,
    kinds: get('kinds'),
    caseSensitive: get('caseSensitive'),
    indices: get('indices'),
    caseRaw: h.caseRaw,
    contextEntries: h.contextEntries,
    knownCredentialKeys: h.knownCredentialKeys,
    dropped: sc.dropped,
  };
}

export interface CachedExtractorInfo {
  /** 'file': read from the cache; 'built': built (and written when the cache is on) */
  source: 'file' | 'built';
  ms: number;
  file?: string;
}

/**
 * createExtractor() through the file cache: the tables are read from the cache directory when an
 * earlier process built the same dictionary with the same code, otherwise built and written there.
 * Any failure to read or write falls back to building (the cache only saves time).
 */
export function createCachedExtractor(dict: ExtractionDictionary, options: Omit<ExtractorOptions, 'snapshot'> = {}, info?: (i: CachedExtractorInfo) => void): Extractor {
  const t0 = performance.now();
  const dir = extractorCacheDir();
  if (!dir) {
    const x = createExtractor(dict, options);
    info?.({ source: 'built', ms: performance.now() - t0 });
    return x;
  }
  const file = join(dir, `extractor-${extractorKey(dict, options)}.bin`);
  try {
    // only a file this user wrote (the default directory is under the shared temp directory)
    const uid = process.getuid?.();
    if (uid !== undefined && statSync(file).uid !== uid) throw new Error('extractor cache file of another user');
    const snapshot = decodeSnapshot(readFileSync(file));
    const x = createExtractor(dict, { ...options, snapshot });
    info?.({ source: 'file', ms: performance.now() - t0, file });
    return x;
  } catch {
    // absent or unreadable: build
  }
  const x = createExtractor(dict, options);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, encodeSnapshot(x.snapshot()));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // a read-only or full disk only costs the next process a build
  }
  info?.({ source: 'built', ms: performance.now() - t0, file });
  return x;
}

/** Keeps the newest KEEP_FILES snapshots (and removes temp files older than an hour). */
function prune(dir: string): void {
  const now = Date.now();
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('extractor-'))
    .map((f) => {
      try {
        return { f, t: statSync(join(dir, f)).mtimeMs };
      } catch {
        return null;
      }
    })
    .filter((x): x is { f: string; t: number } => x !== null);
  const tmp = files.filter((x) => x.f.endsWith('.tmp'));
  for (const x of tmp) if (now - x.t > 3_600_000) tryUnlink(join(dir, x.f));
  const bins = files.filter((x) => x.f.endsWith('.bin')).sort((a, b) => b.t - a.t);
  for (const x of bins.slice(KEEP_FILES)) tryUnlink(join(dir, x.f));
}

function tryUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* gone already */
  }
}
