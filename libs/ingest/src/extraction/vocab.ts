// Token interning without allocation. The dictionary's normalised tokens are stored once in a char
// pool with an open-addressing hash table over them; the text scanner writes each token's
// normalised form into a scratch Uint16Array and looks it up by hash + char compare, so scanning a
// posting allocates no per-token strings (slicing and hashing fresh strings was most of the cost of
// a Map-based lookup).

const EMPTY = -1;

/** FNV-1a over UTF-16 code units. */
function hashChars(buf: Uint16Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h | 0;
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
    if (this.count * 2 > this.mask) this.rehash();
    return id;
  }

  /** Id of the token held in buf[0..len) (-1 when absent). */
  lookup(buf: Uint16Array, len: number): number {
    if (len > this.maxLength) return -1;
    const slot = this.find(buf, len, hashChars(buf, len));
    return slot >= 0 ? this.table[slot] : -1;
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
