// Word-level Aho-Corasick: states are reached by whole tokens (interned to integers), not by
// characters, so the goto table stays small (~1 state per dictionary token) and a text is scanned
// with one Map lookup per token. Built once per dictionary, reused for every posting.

export interface AutomatonMatch {
  /** first and last token index (inclusive) in the scanned token list */
  first: number;
  last: number;
  /** payload indices of every phrase ending here with exactly this length */
  phrases: readonly number[];
}

export class WordAutomaton {
  private readonly vocab = new Map<string, number>();
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly depth: number[] = [0];
  private readonly out: number[][] = [[]];
  private fail: Int32Array = new Int32Array(1);
  /** nearest state on the failure chain that has outputs (-1: none) */
  private outLink: Int32Array = new Int32Array(1);
  private built = false;
  private phraseCount = 0;

  get states(): number {
    return this.goto.length;
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
      let id = this.vocab.get(tok);
      if (id === undefined) {
        id = this.vocab.size;
        this.vocab.set(tok, id);
      }
      let nxt = this.goto[s].get(id);
      if (nxt === undefined) {
        nxt = this.goto.length;
        this.goto.push(new Map());
        this.depth.push(this.depth[s] + 1);
        this.out.push([]);
        this.goto[s].set(id, nxt);
      }
      s = nxt;
    }
    this.out[s].push(payload);
    this.phraseCount++;
  }

  build(): this {
    const n = this.goto.length;
    this.fail = new Int32Array(n);
    this.outLink = new Int32Array(n).fill(-1);
    const queue: number[] = [];
    for (const child of this.goto[0].values()) {
      this.fail[child] = 0;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      for (const [tok, child] of this.goto[s]) {
        let f = this.fail[s];
        while (f !== 0 && !this.goto[f].has(tok)) f = this.fail[f];
        const g = this.goto[f].get(tok);
        const fc = g !== undefined && g !== child ? g : 0;
        this.fail[child] = fc;
        this.outLink[child] = this.out[fc].length > 0 ? fc : this.outLink[fc];
        queue.push(child);
      }
    }
    this.built = true;
    return this;
  }

  /** Every dictionary phrase occurring in the token sequence (overlapping matches included). */
  scan(norms: readonly string[]): AutomatonMatch[] {
    if (!this.built) this.build();
    const matches: AutomatonMatch[] = [];
    const { vocab, goto, fail, out, outLink, depth } = this;
    let s = 0;
    for (let j = 0; j < norms.length; j++) {
      const id = vocab.get(norms[j]);
      if (id === undefined) {
        s = 0;
        continue;
      }
      let nxt = goto[s].get(id);
      while (nxt === undefined && s !== 0) {
        s = fail[s];
        nxt = goto[s].get(id);
      }
      s = nxt ?? 0;
      let o = out[s].length > 0 ? s : outLink[s];
      while (o > 0) {
        matches.push({ first: j - depth[o] + 1, last: j, phrases: out[o] });
        o = outLink[o];
      }
    }
    return matches;
  }
}
