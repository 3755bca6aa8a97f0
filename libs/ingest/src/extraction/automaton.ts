// Word-level Aho-Corasick: states are reached by whole tokens (interned to integers), not by
// characters, so the goto table stays small (~1 state per dictionary token) and a text is scanned
// with one table probe per token. Built once per dictionary, reused for every posting.
//
// Layout (flat typed arrays; one JS Map per state cost ~100 bytes each and a hash lookup per step):
// - the root's transitions are a direct array indexed by token id (most steps start at the root);
// - every other transition lives in one open-addressing hash table keyed by (state, token);
// - failure links, output links, depths and outputs (CSR) are Int32Arrays.

import { grow, TokenVocab, type VocabTables } from './vocab.js';

export interface AutomatonMatch {
  /** first and last token index (inclusive) in the scanned token list */
  first: number;
  last: number;
  /** payload indices of every phrase ending here with exactly this length */
  phrases: readonly number[];
}

/** Reusable scan output: match k covers tokens [first[k], last[k]] and ends in state state[k]. */
export class MatchBuffer {
  first = new Int32Array(256);
  last = new Int32Array(256);
  state = new Int32Array(256);
  count = 0;

  push(first: number, last: number, state: number): void {
    if (this.count === this.first.length) {
      const cap = this.count * 2;
      this.first = grow(this.first, cap);
      this.last = grow(this.last, cap);
      this.state = grow(this.state, cap);
    }
    this.first[this.count] = first;
    this.last[this.count] = last;
    this.state[this.count] = state;
    this.count++;
  }
}

/** A built automaton's arrays (see WordAutomaton.toTables). */
export interface AutomatonTables {
  vocab: VocabTables;
  stateCount: number;
  phraseCount: number;
  depth: Int32Array<ArrayBuffer>;
  edges: Int32Array<ArrayBuffer>;
  edgeMask: number;
  edgeCount: number;
  rootNext: Int32Array<ArrayBuffer>;
  fail: Int32Array<ArrayBuffer>;
  outLink: Int32Array<ArrayBuffer>;
  outStart: Int32Array<ArrayBuffer>;
  outData: Int32Array<ArrayBuffer>;
  deepTok: Uint8Array<ArrayBuffer>;
  hasChild: Uint8Array<ArrayBuffer>;
}

const edgeHash = (s: number, t: number): number => Math.imul(Math.imul(s, 0x9e3779b1) ^ t, 0x85ebca77) >>> 0;

export class WordAutomaton {
  /** normalised token -> id, shared with the text scanner */
  vocab = new TokenVocab();
  private stateCount = 1;
  private phraseCount = 0;
  private built = false;

  // trie, growable while adding
  private depth = new Int32Array(1 << 14);
  private parentTok = new Int32Array(1 << 14);
  private firstChild = new Int32Array(1 << 14).fill(-1);
  private nextSibling = new Int32Array(1 << 14).fill(-1);
  // outputs while adding: per-state linked list of payloads, in insertion order
  private outHead = new Int32Array(1 << 14).fill(-1);
  private outTail = new Int32Array(1 << 14).fill(-1);
  private payloadNext = new Int32Array(1 << 14);
  private payloads = new Int32Array(1 << 14);

  // (state, token) -> state for non-root states, one slot = 3 consecutive ints [state, token, next]
  // so a probe touches one cache line; a slot is empty when next is 0 (0 is never a child)
  private edges = new Int32Array(3 << 15);
  private edgeMask = (1 << 15) - 1;
  private edgeCount = 0;
  private rootNext = new Int32Array(1 << 12);

  // after build()
  private fail = new Int32Array(1);
  /** nearest state on the failure chain (itself included) that has outputs (-1: none) */
  private outLink = new Int32Array(1);
  private outStart = new Int32Array(2);
  private outData = new Int32Array(0);
  /** 1 when some non-root state has an edge on the token */
  private deepTok = new Uint8Array(0);
  /** 1 when the state has children */
  private hasChild = new Uint8Array(0);

  get states(): number {
    return this.stateCount;
  }
  get phrases(): number {
    return this.phraseCount;
  }

  /** Adds a phrase (normalised tokens) carrying payload index `payload`. */
  add(tokens: readonly string[], payload: number): void {
    if (this.built) throw new Error('WordAutomaton: add() after build()');
    if (tokens.length === 0) return;
    let s = 0;
    for (const tok of tokens) {
      const id = this.vocab.intern(tok);
      let nxt = this.child(s, id);
      if (nxt === 0) {
        nxt = this.newState(s, id);
        this.setChild(s, id, nxt);
      }
      s = nxt;
    }
    const p = this.phraseCount++;
    if (p === this.payloads.length) {
      this.payloads = grow(this.payloads, p * 2);
      this.payloadNext = grow(this.payloadNext, p * 2);
    }
    this.payloads[p] = payload;
    this.payloadNext[p] = -1;
    if (this.outHead[s] < 0) this.outHead[s] = p;
    else this.payloadNext[this.outTail[s]] = p;
    this.outTail[s] = p;
  }

  private newState(parent: number, tok: number): number {
    const s = this.stateCount++;
    if (s === this.depth.length) {
      const cap = s * 2;
      this.depth = grow(this.depth, cap);
      this.parentTok = grow(this.parentTok, cap);
      this.firstChild = growFill(this.firstChild, cap);
      this.nextSibling = growFill(this.nextSibling, cap);
      this.outHead = growFill(this.outHead, cap);
      this.outTail = growFill(this.outTail, cap);
    }
    this.depth[s] = this.depth[parent] + 1;
    this.parentTok[s] = tok;
    this.nextSibling[s] = this.firstChild[parent];
    this.firstChild[parent] = s;
    return s;
  }

  /** Child of s by token t (0: none). */
  private child(s: number, t: number): number {
    if (s === 0) return t < this.rootNext.length ? this.rootNext[t] : 0;
    const { edges, edgeMask } = this;
    let slot = edgeHash(s, t) & edgeMask;
    for (;;) {
      const nx = edges[slot * 3 + 2];
      if (nx === 0) return 0;
      if (edges[slot * 3] === s && edges[slot * 3 + 1] === t) return nx;
      slot = (slot + 1) & edgeMask;
    }
  }

  private setChild(s: number, t: number, nxt: number): void {
    if (s === 0) {
      if (t >= this.rootNext.length) this.rootNext = grow(this.rootNext, Math.max(t + 1, this.rootNext.length * 2));
      this.rootNext[t] = nxt;
      return;
    }
    if ((this.edgeCount + 1) * 2 > this.edgeMask) this.rehashEdges();
    this.insertEdge(s, t, nxt);
    this.edgeCount++;
  }

  private insertEdge(s: number, t: number, nxt: number): void {
    let slot = edgeHash(s, t) & this.edgeMask;
    while (this.edges[slot * 3 + 2] !== 0) slot = (slot + 1) & this.edgeMask;
    this.edges[slot * 3] = s;
    this.edges[slot * 3 + 1] = t;
    this.edges[slot * 3 + 2] = nxt;
  }

  private rehashEdges(): void {
    const old = this.edges;
    const size = (this.edgeMask + 1) * 2;
    this.edges = new Int32Array(size * 3);
    this.edgeMask = size - 1;
    for (let i = 0; i < old.length; i += 3) if (old[i + 2] !== 0) this.insertEdge(old[i], old[i + 1], old[i + 2]);
  }

  build(): this {
    if (this.built) return this;
    const n = this.stateCount;
    const fail = new Int32Array(n);
    const outLink = new Int32Array(n).fill(-1);
    const hasOut = (s: number): boolean => this.outHead[s] >= 0;
    // breadth-first over the trie: a state's failure target is always shallower, so already set
    const queue = new Int32Array(n);
    let qn = 0;
    for (let c = this.firstChild[0]; c >= 0; c = this.nextSibling[c]) {
      fail[c] = 0;
      outLink[c] = hasOut(c) ? c : -1;
      queue[qn++] = c;
    }
    for (let qi = 0; qi < qn; qi++) {
      const s = queue[qi];
      for (let c = this.firstChild[s]; c >= 0; c = this.nextSibling[c]) {
        const tok = this.parentTok[c];
        let f = fail[s];
        let g = this.child(f, tok);
        while (g === 0 && f !== 0) {
          f = fail[f];
          g = this.child(f, tok);
        }
        const fc = g !== c ? g : 0;
        fail[c] = fc;
        outLink[c] = hasOut(c) ? c : outLink[fc];
        queue[qn++] = c;
      }
    }
    // outputs to CSR, payloads in insertion order
    const outStart = new Int32Array(n + 1);
    const outData = new Int32Array(this.phraseCount);
    let k = 0;
    for (let s = 0; s < n; s++) {
      outStart[s] = k;
      for (let p = this.outHead[s]; p >= 0; p = this.payloadNext[p]) outData[k++] = this.payloads[p];
    }
    outStart[n] = k;
    const hasChild = new Uint8Array(n);
    const deepTok = new Uint8Array(Math.max(this.vocab.size, 1));
    for (let c = 1; c < n; c++) {
      if (this.firstChild[c] >= 0) hasChild[c] = 1;
    }
    for (let c = this.firstChild[0]; c >= 0; c = this.nextSibling[c]) hasChild[0] = 1;
    for (let i = 0; i < this.edges.length; i += 3) if (this.edges[i + 2] !== 0) deepTok[this.edges[i + 1]] = 1;
    this.hasChild = hasChild;
    this.deepTok = deepTok;
    this.fail = fail;
    this.outLink = outLink;
    this.outStart = outStart;
    this.outData = outData;
    // trie-building arrays are no longer needed
    this.depth = this.depth.slice(0, n);
    this.parentTok = this.firstChild = this.nextSibling = this.outHead = this.outTail = this.payloadNext = this.payloads = new Int32Array(0);
    this.vocab.compact();
    this.built = true;
    return this;
  }

  /** The built automaton as flat arrays (structured-clone and file friendly); see `fromTables`. */
  toTables(): AutomatonTables {
    if (!this.built) this.build();
    return {
      vocab: this.vocab.toTables(),
      stateCount: this.stateCount,
      phraseCount: this.phraseCount,
      depth: this.depth,
      edges: this.edges,
      edgeMask: this.edgeMask,
      edgeCount: this.edgeCount,
      rootNext: this.rootNext,
      fail: this.fail,
      outLink: this.outLink,
      outStart: this.outStart,
      outData: this.outData,
      deepTok: this.deepTok,
      hasChild: this.hasChild,
    };
  }

  /** A built automaton with the tables of `toTables()` (no phrase is added or compiled again). */
  static fromTables(t: AutomatonTables): WordAutomaton {
    const a = new WordAutomaton();
    a.vocab = TokenVocab.fromTables(t.vocab);
    a.stateCount = t.stateCount;
    a.phraseCount = t.phraseCount;
    a.depth = t.depth;
    a.edges = t.edges;
    a.edgeMask = t.edgeMask;
    a.edgeCount = t.edgeCount;
    a.rootNext = t.rootNext;
    a.fail = t.fail;
    a.outLink = t.outLink;
    a.outStart = t.outStart;
    a.outData = t.outData;
    a.deepTok = t.deepTok;
    a.hasChild = t.hasChild;
    a.parentTok = a.firstChild = a.nextSibling = a.outHead = a.outTail = a.payloadNext = a.payloads = new Int32Array(0);
    a.built = true;
    return a;
  }

  /** Phrase payloads ending in state s (a state reported by scanIds). */
  outputs(s: number): Int32Array {
    return this.outData.subarray(this.outStart[s], this.outStart[s + 1]);
  }
  outputStart(s: number): number {
    return this.outStart[s];
  }
  outputEnd(s: number): number {
    return this.outStart[s + 1];
  }
  payloadAt(k: number): number {
    return this.outData[k];
  }

  /**
   * Every dictionary phrase occurring in ids[0..count) (vocabulary ids, -1 for unknown tokens),
   * overlapping matches included, in order of their last token and longest first.
   */
  scanIds(ids: Int32Array, count: number, out: MatchBuffer): void {
    if (!this.built) this.build();
    out.count = 0;
    const { rootNext, fail, outLink, depth, edges, edgeMask, deepTok, hasChild } = this;
    const rootSize = rootNext.length;
    let s = 0;
    for (let j = 0; j < count; j++) {
      const id = ids[j];
      if (id < 0) {
        s = 0;
        continue;
      }
      // a token that never continues a phrase sends every state back to the root
      if (deepTok[id] === 0) s = 0;
      let nxt = 0;
      while (s !== 0) {
        if (hasChild[s] === 0) {
          s = fail[s];
          continue;
        }
        let slot = edgeHash(s, id) & edgeMask;
        for (;;) {
          const nx = edges[slot * 3 + 2];
          if (nx === 0 || (edges[slot * 3] === s && edges[slot * 3 + 1] === id)) {
            nxt = nx;
            break;
          }
          slot = (slot + 1) & edgeMask;
        }
        if (nxt !== 0) break;
        s = fail[s];
      }
      if (s === 0) nxt = id < rootSize ? rootNext[id] : 0;
      s = nxt;
      for (let o = outLink[s]; o > 0; o = outLink[fail[o]]) out.push(j - depth[o] + 1, j, o);
    }
  }

  /** Every dictionary phrase occurring in the token sequence (overlapping matches included). */
  scan(norms: readonly string[]): AutomatonMatch[] {
    if (!this.built) this.build();
    const ids = new Int32Array(norms.length);
    norms.forEach((t, i) => (ids[i] = this.vocab.get(t)));
    const buf = new MatchBuffer();
    this.scanIds(ids, norms.length, buf);
    const matches: AutomatonMatch[] = [];
    for (let k = 0; k < buf.count; k++) matches.push({ first: buf.first[k], last: buf.last[k], phrases: [...this.outputs(buf.state[k])] });
    return matches;
  }
}

function growFill(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap).fill(-1);
  b.set(a);
  return b;
}
