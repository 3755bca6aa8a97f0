// Token interning without allocation. The dictionary's normalised tokens are stored once in a char
// pool with an open-addressing hash table over them; the text scanner writes each token's
// normalised form into a scratch Uint16Array and looks it up by hash + char compare, so scanning a
// posting allocates no per-token strings (slicing and hashing fresh strings was most of the cost of
// a Map-based lookup).

const EMPTY = -1;
/**
 * A small direct-mapped cache in front of the table for the text scanner's lookups: postings repeat
 * a few thousand words, and the cache (~170 KB) stays in the CPU cache where the table, its meta
 * and the char pool (~3 MB for the full dictionary) cost up to three cache misses per token.
 */
const CACHE_SLOTS = 4096;
const CACHE_CHARS = 16;

/** FNV-1a over UTF-16 code units. */
function hashChars(buf: Uint16Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h | 0;
}

export interface VocabTables {
  pool: Uint16Array<ArrayBuffer>;
  meta: Int32Array<ArrayBuffer>;
  table: Int32Array<ArrayBuffer>;
  count: number;
  maxLength: number;
}

export class TokenVocab {
  private pool = new Uint16Array(1 << 16);
  private poolLen = 0;
  // per id, 3 consecutive ints [hash, length, pool offset]: a probe reads one cache line
  private meta = new Int32Array(3 << 12);
  private table = new Int32Array(1 << 13).fill(EMPTY);
  private mask = (1 << 13) - 1;
  private count = 0;
  /** longest token, in code units: longer text tokens cannot be in the vocabulary */
  maxLength = 0;
  private readonly scratch = new Uint16Array(256);
  // lookup cache: per slot the token's hash, length (0: empty), id (-1: absent) and chars
  private readonly cacheHash = new Int32Array(CACHE_SLOTS);
  private readonly cacheLen = new Int32Array(CACHE_SLOTS);
  private readonly cacheId = new Int32Array(CACHE_SLOTS);
  private readonly cacheChars = new Uint16Array(CACHE_SLOTS * CACHE_CHARS);
  /** intern() has added tokens since the cache was last cleared */
  private cacheStale = false;

  get size(): number {
    return this.count;
  }

  /** Id of a normalised token (-1 when absent). */
  get(token: string): number {
    const buf = token.length <= this.scratch.length ? this.scratch : new Uint16Array(token.length);
    for (let i = 0; i < token.length; i++) buf[i] = token.charCodeAt(i);
    return this.lookup(buf, token.length);
  }

  /** Id of a normalised token, added when absent. */
  intern(token: string): number {
    const len = token.length;
    const buf = len <= this.scratch.length ? this.scratch : new Uint16Array(len);
    for (let i = 0; i < len; i++) buf[i] = token.charCodeAt(i);
    const h = hashChars(buf, len);
    const found = this.find(buf, len, h);
    if (found >= 0) return this.table[found];
    const id = this.count++;
    if (id * 3 >= this.meta.length) this.meta = grow(this.meta, this.meta.length * 2);
    if (this.poolLen + len > this.pool.length) {
      const p = new Uint16Array(Math.max(this.pool.length * 2, this.poolLen + len));
      p.set(this.pool);
      this.pool = p;
    }
    this.pool.set(buf.subarray(0, len), this.poolLen);
    this.meta[id * 3] = h;
    this.meta[id * 3 + 1] = len;
    this.meta[id * 3 + 2] = this.poolLen;
    this.poolLen += len;
    if (len > this.maxLength) this.maxLength = len;
    this.table[~found] = id;
    this.cacheStale = true;
    if (this.count * 2 > this.mask) this.rehash();
    return id;
  }

  /** Id of the token held in buf[0..len) (-1 when absent). */
  lookup(buf: Uint16Array, len: number): number {
    return this.lookupHashed(buf, len, hashChars(buf, len));
  }

  /** lookup() with the token's hash (hashChars(buf, len)) already computed. */
  lookupHashed(buf: Uint16Array, len: number, h: number): number {
    if (len > this.maxLength) return -1;
    if (len > CACHE_CHARS || len === 0) {
      const slot = this.find(buf, len, h);
      return slot >= 0 ? this.table[slot] : -1;
    }
    if (this.cacheStale) {
      this.cacheLen.fill(0);
      this.cacheStale = false;
    }
    const c = ((h >>> 16) ^ h) & (CACHE_SLOTS - 1);
    const off = c * CACHE_CHARS;
    const chars = this.cacheChars;
    if (this.cacheLen[c] === len && this.cacheHash[c] === h) {
      let k = 0;
      while (k < len && chars[off + k] === buf[k]) k++;
      if (k === len) return this.cacheId[c];
    }
    const slot = this.find(buf, len, h);
    const id = slot >= 0 ? this.table[slot] : -1;
    this.cacheHash[c] = h;
    this.cacheLen[c] = len;
    this.cacheId[c] = id;
    for (let k = 0; k < len; k++) chars[off + k] = buf[k];
    return id;
  }

  /** Slot holding the token (>= 0), or ~slot of the empty slot where it would go. */
  private find(buf: Uint16Array, len: number, h: number): number {
    const { table, mask, meta, pool } = this;
    let slot = h & mask;
    for (;;) {
      const id = table[slot];
      if (id === EMPTY) return ~slot;
      if (meta[id * 3] === h && meta[id * 3 + 1] === len) {
        const off = meta[id * 3 + 2];
        let k = 0;
        while (k < len && pool[off + k] === buf[k]) k++;
        if (k === len) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.meta[id * 3] & this.mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }

  /** The interned tokens as flat arrays (a built extractor's snapshot; see `fromTables`). */
  toTables(): VocabTables {
    return { pool: this.pool.slice(0, this.poolLen), meta: this.meta.slice(0, this.count * 3), table: this.table.slice(), count: this.count, maxLength: this.maxLength };
  }

  /** A vocabulary with exactly the tokens, ids and hash table of `toTables()`. */
  static fromTables(t: VocabTables): TokenVocab {
    const v = new TokenVocab();
    v.pool = t.pool;
    v.poolLen = t.pool.length;
    v.meta = t.meta;
    v.table = t.table;
    v.mask = t.table.length - 1;
    v.count = t.count;
    v.maxLength = t.maxLength;
    return v;
  }

  /** Releases spare capacity once the dictionary is complete. */
  compact(): void {
    this.pool = this.pool.slice(0, this.poolLen);
    this.meta = this.meta.slice(0, this.count * 3);
  }
}

export function grow(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)));
  return b;
}
