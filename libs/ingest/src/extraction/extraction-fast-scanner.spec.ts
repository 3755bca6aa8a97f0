import { describe, expect, it } from 'vitest';
import { MatchBuffer, WordAutomaton } from './automaton.js';
import { scanTokens, TokenBuffer, tokenize } from './tokenize.js';
import { TokenVocab } from './vocab.js';

// The extractor scans text with scanTokens() (typed arrays, ids, no strings) while the dictionary
// is cut with tokenize(); both must agree token for token or phrases silently stop matching.

const PIECES = ['a', 'B', 's', 'S', 'e', 'i', 'I', 'c', '+', '++', '#', '.', "'", '\u2019', ' ', '-', '\n', '1', '9', 'é', 'É', 'İ', 'Σ', 'ß', '/', '(', 'ies', 'es', 'Node.js', 'C++', "bachelor's", 'ΟΔΟΣ', 'Technologies', 'x'];

function randomTexts(count: number, seed: number): string[] {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let t = '';
    for (let j = rnd(30); j > 0; j--) t += PIECES[rnd(PIECES.length)];
    out.push(t);
  }
  return out;
}

describe('fast-scanner-agrees-with-tokenize', () => {
  it('gives the same spans and the vocabulary id of the same normalised token, for any text', () => {
    const texts = randomTexts(20_000, 7);
    const vocab = new TokenVocab();
    for (const t of texts.slice(0, 4000)) for (const w of tokenize(t).norms) vocab.intern(w);
    const buf = new TokenBuffer();
    const mismatches: string[] = [];
    for (const t of texts) {
      const ref = tokenize(t);
      scanTokens(t, vocab, buf);
      const same = buf.count === ref.norms.length && ref.norms.every((w, i) => buf.starts[i] === ref.starts[i] && buf.ends[i] === ref.ends[i] && buf.ids[i] === vocab.get(w));
      if (!same) mismatches.push(JSON.stringify(t));
    }
    expect(vocab.size).toBeGreaterThan(500);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('finds the same phrases through ids as through strings', () => {
    const a = new WordAutomaton();
    a.add(['sql'], 0);
    a.add(['microsoft', 'sql', 'server'], 1);
    a.add(['sql', 'server'], 2);
    a.add(['server'], 3);
    a.build();
    const text = 'Use Microsoft SQL Server and SQL; servers too.';
    const buf = new TokenBuffer();
    scanTokens(text, a.vocab, buf);
    const m = new MatchBuffer();
    a.scanIds(buf.ids, buf.count, m);
    const viaIds = Array.from({ length: m.count }, (_, k) => [m.first[k], m.last[k], ...a.outputs(m.state[k])]);
    const viaStrings = a.scan(tokenize(text).norms).map((x) => [x.first, x.last, ...x.phrases]);
    expect(viaIds).toEqual(viaStrings);
    // punctuation is not a token: "SQL; servers" still reads as the phrase "sql server"
    expect(viaIds).toEqual([[2, 2, 0], [1, 3, 1], [2, 3, 2], [3, 3, 3], [5, 5, 0], [5, 6, 2], [6, 6, 3]]);
  });
});
