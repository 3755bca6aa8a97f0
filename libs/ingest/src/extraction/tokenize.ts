// Word-level tokeniser shared by the dictionary build and the text scan, so that a phrase and the
// text it should match are cut into tokens the same way ("CDL-A" and "CDL A" both give cdl|a).

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
