// Word-level tokeniser shared by the dictionary build and the text scan, so that a phrase and the
// text it should match are cut into tokens the same way ("CDL-A" and "CDL A" both give cdl|a).
// tokenize() returns strings (dictionary build, tests); scanTokens() is the same cut and the same
// normalisation written into typed arrays as vocabulary ids, with no per-token allocation.

import type { TokenVocab } from './vocab.js';

export interface TokenList {
  /** character offsets into the source text (end exclusive) */
  starts: number[];
  ends: number[];
  /** normalised form: lower case, apostrophes dropped, light plural stem */
  norms: string[];
}

const isAsciiWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const WORD_RE = /[\p{L}\p{N}]/u;
const LETTER_RE = /\p{L}/u;

function isWord(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiWord(c);
  return WORD_RE.test(text[i]);
}
function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c);
  return LETTER_RE.test(text[i]);
}

/**
 * Light plural folding applied identically on both sides: "forklifts" -> "forklift",
 * "certificates" -> "certificate", "technologies" -> "technology". Words ending in "ss"/"us"/"is"
 * and short words are left alone; tokens with symbols (c++, node.js) are never touched.
 */
export function stem(norm: string): string {
  const n = norm.length;
  if (n <= 3 || norm.charCodeAt(n - 1) !== 115 /* s */) return norm;
  const p = norm.charCodeAt(n - 2);
  // ss/us/is/as endings are rarely plurals that matter here and often names (Canvas vs Canva)
  if (p === 115 /* s */ || p === 117 /* u */ || p === 105 /* i */ || p === 97 /* a */) return norm;
  for (let i = 0; i < n; i++) {
    const c = norm.charCodeAt(i);
    if (c === 43 || c === 35 || c === 46) return norm;
  }
  if (n > 4 && p === 101 /* e */ && norm.charCodeAt(n - 3) === 105 /* i */) return norm.slice(0, -3) + 'y';
  return norm.slice(0, -1);
}

/**
 * Splits text into word tokens. A token is a run of letters/digits, plus:
 * - inner dots between word characters (Node.js, ASP.NET, 3.5) and a leading dot before a letter
 *   when it starts a word (.NET);
 * - inner apostrophes (bachelor's -> bachelors -> bachelor after stemming);
 * - up to two trailing "+" or one "#" when no word character follows (C++, C#, Security+, A+).
 * Hyphens, slashes and all other punctuation separate tokens.
 */
export function tokenize(text: string): TokenList {
  const starts: number[] = [];
  const ends: number[] = [];
  const norms: string[] = [];
  const n = text.length;
  // lower-case once; per-token toLowerCase() was the tokeniser's main cost. Unicode case mappings
  // that change length (e.g. U+0130) would shift offsets, so fall back to per-token in that case.
  const lower = text.toLowerCase();
  const sameLength = lower.length === n;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const leadingDot = c === 46 && i + 1 < n && isLetter(text, i + 1) && (i === 0 || !isWord(text, i - 1));
    if (!leadingDot && !(c < 128 ? isAsciiWord(c) : isWord(text, i))) {
      i++;
      continue;
    }
    const start = i;
    let hasApos = false;
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128 ? isAsciiWord(d) : isWord(text, i)) {
        i++;
      } else if (d === 46 && i + 1 < n && isWord(text, i + 1)) {
        i++;
      } else if ((d === 39 || d === 8217) && i + 1 < n && isLetter(text, i + 1) && isLetter(text, i - 1)) {
        hasApos = true;
        i++;
      } else break;
    }
    if (i < n) {
      const d = text.charCodeAt(i);
      if (d === 43 /* + */) {
        let j = i + 1;
        if (j < n && text.charCodeAt(j) === 43) j++;
        if (j >= n || !isWord(text, j)) i = j;
      } else if (d === 35 /* # */) {
        if (i + 1 >= n || !isWord(text, i + 1)) i++;
      }
    }
    let norm = sameLength ? lower.slice(start, i) : text.slice(start, i).toLowerCase();
    if (hasApos) norm = norm.replace(/['\u2019]/g, '');
    starts.push(start);
    ends.push(i);
    norms.push(stem(norm));
  }
  return { starts, ends, norms };
}

/** Reusable output of scanTokens(): token i spans [starts[i], ends[i]) and has vocabulary id ids[i] (-1: unknown). */
export class TokenBuffer {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  ids = new Int32Array(1024);
  count = 0;
  /** normalised chars of the token being read */
  chars = new Uint16Array(256);
  /** hashes[k]: FNV-1a of chars[0..k) (vocab.ts hashChars), kept as the chars are written */
  hashes = new Int32Array(257);

  /** Room for `n` tokens. */
  reserve(n: number): void {
    if (n <= this.starts.length) return;
    const cap = Math.max(n, this.starts.length * 2);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.ids = new Int32Array(cap);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// ASCII character classes: 1 letter or digit, 2 letter
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = ASCII_CLASS[c + 32] = 3;

/**
 * tokenize() + vocabulary lookup in one pass: the same token boundaries and the same normalised
 * form (lower case, apostrophes dropped, stem()), looked up without building strings.
 */
export function scanTokens(text: string, vocab: TokenVocab, out: TokenBuffer): void {
  const n = text.length;
  // a text of n chars holds at most n tokens
  out.reserve(n);
  const { starts, ends, ids } = out;
  if (out.chars.length < vocab.maxLength + 4) {
    out.chars = new Uint16Array(vocab.maxLength * 2 + 4);
    out.hashes = new Int32Array(out.chars.length + 1);
  }
  const buf = out.chars;
  const hs = out.hashes;
  hs[0] = FNV_OFFSET;
  const cap = buf.length;
  // Whole-text lower-casing is computed only when a token holds a non-ASCII character (reading
  // char codes from a toLowerCase() result was several times slower than lower-casing ASCII inline).
  let lower: string | undefined;
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((ASCII_CLASS[c] & 1) === 0 && !(c === 46 && i + 1 < n && isLetter(text, i + 1) && (i === 0 || !isWord(text, i - 1)))) {
        i++;
        continue;
      }
    } else if (!isWord(text, i)) {
      i++;
      continue;
    }
    const start = i;
    // read the token, lower-casing ASCII into buf as we go (apostrophes inside a token are dropped)
    let len = 0;
    let ascii = c < 128;
    const c1 = c >= 65 && c <= 90 ? c + 32 : c;
    buf[0] = c1;
    hs[1] = Math.imul(FNV_OFFSET ^ c1, FNV_PRIME);
    len = 1;
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        if ((ASCII_CLASS[d] & 1) !== 0) {
          if (len < cap) {
            const ch = d >= 65 && d <= 90 ? d + 32 : d;
            buf[len] = ch;
            hs[len + 1] = Math.imul(hs[len] ^ ch, FNV_PRIME);
            len++;
          }
          else len = cap + 1;
          i++;
          continue;
        }
        if (d === 46 && i + 1 < n && isWord(text, i + 1)) {
          if (len < cap) {
            buf[len] = 46;
            hs[len + 1] = Math.imul(hs[len] ^ 46, FNV_PRIME);
            len++;
          }
          else len = cap + 1;
          i++;
          continue;
        }
        if (d === 39 && i + 1 < n && isLetter(text, i + 1) && isLetter(text, i - 1)) {
          i++;
          continue;
        }
        break;
      }
      if (isWord(text, i) || (d === 8217 && i + 1 < n && isLetter(text, i + 1) && isLetter(text, i - 1))) {
        ascii = false;
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      const d = text.charCodeAt(i);
      if (d === 43 /* + */) {
        let j = i + 1;
        if (j < n && text.charCodeAt(j) === 43) j++;
        if (j >= n || !isWord(text, j)) {
          for (let k = i; k < j; k++)
            if (len < cap) {
              buf[len] = 43;
              hs[len + 1] = Math.imul(hs[len] ^ 43, FNV_PRIME);
              len++;
            }
          i = j;
        }
      } else if (d === 35 /* # */) {
        if (i + 1 >= n || !isWord(text, i + 1)) {
          if (len < cap) {
            buf[len] = 35;
            hs[len + 1] = Math.imul(hs[len] ^ 35, FNV_PRIME);
            len++;
          }
          i++;
        }
      }
    }
    if (!ascii) {
      // as tokenize(): the whole text lower-cased once, or the token alone when that changes lengths
      lower ??= text.toLowerCase();
      const same = lower.length === n;
      const src = same ? lower : text.slice(start, i).toLowerCase();
      const from = same ? start : 0;
      const to = same ? i : src.length;
      len = 0;
      for (let k = from; k < to && len <= cap; k++) {
        const d = src.charCodeAt(k);
        if (d !== 39 && d !== 8217) buf[len++] = d;
      }
    }
    starts[count] = start;
    ends[count] = i;
    // longer than the buffer: longer than any dictionary token even after stemming
    if (len > cap) ids[count] = -1;
    else {
      if (!ascii) for (let k = 0; k < len; k++) hs[k + 1] = Math.imul(hs[k] ^ buf[k], FNV_PRIME);
      // the hash of the stemmed token from the prefix hashes: unchanged, one char dropped, or "ies" -> "y"
      const stemmed = stemChars(buf, len);
      const h = stemmed >= len - 1 ? hs[stemmed] : Math.imul(hs[stemmed - 1] ^ buf[stemmed - 1], FNV_PRIME);
      ids[count] = vocab.lookupHashed(buf, stemmed, h);
    }
    count++;
  }
  out.count = count;
}
/** stem() over a char buffer: returns the new length (and may rewrite the last kept char). */
function stemChars(buf: Uint16Array, n: number): number {
  if (n <= 3 || buf[n - 1] !== 115) return n;
  const p = buf[n - 2];
  if (p === 115 || p === 117 || p === 105 || p === 97) return n;
  for (let k = 0; k < n; k++) {
    const c = buf[k];
    if (c === 43 || c === 35 || c === 46) return n;
  }
  if (n > 4 && p === 101 && buf[n - 3] === 105) {
    buf[n - 3] = 121; // "ies" -> "y"
    return n - 2;
  }
  return n - 1;
}
