// Discovery of credentials postings name that the catalog lacks. Postings name credentials in a few
// shapes: "<name> certification/certificate/license/licensure/credential" ("Tableau certification",
// "Class B license"), "certified <role>" ("Certified Dental Assistant", "certified welder"),
// "<ACRONYM> certified" ("PMP certified"), and registry-style titles ("Registered Dietitian",
// "Licensed Clinical Social Worker"). Each hit is a candidate keyed by its normalised form;
// candidates the dictionary already knows are dropped by the caller. To keep the list from
// flooding: a stoplist of words that make a phrase generic ("valid", "current", "professional",
// "driver's"), names must carry a capitalised word or an acronym unless the phrase has two or more
// content words, and the admin view only shows candidates with minimum support (see the API).

export interface CandidateMention {
  /** normalised form: lower case, apostrophes dropped, single spaces; the candidate's identity */
  key: string;
  /** the phrase as written (first occurrence in this text) */
  name: string;
  pattern: 'name-credential' | 'certified-role' | 'acronym-certified' | 'registered-role';
  start: number;
  end: number;
  /** up to ~160 characters around the mention */
  snippet: string;
}

/** Words that never start or make up a credential name by themselves. */
const STOP = new Set(
  `a an the and or of for in on at to with by from as is are be been being this that these those any all each every some such other another
  your our their his her its my we you they it valid current active appropriate applicable relevant required preferred necessary proper
  recognized recognised equivalent related similar additional advanced basic professional industry industry-standard state federal national
  local international nationally state-issued government accredited approved obtain obtained maintain maintained hold holds holding have
  has must should will may can possess possession including include includes such as e.g ie etc no not without plus nice bonus level
  one two three four five first second new full unrestricted clean good standing proof copy type types appropriate commercial
  driver drivers driving vehicle motor auto car medical health safety training trained course courses program programs classes board fully currently be
  degree diploma education school college university graduate current-ly license licence licensure certification certificate credential
  certifications certificates credentials licenses licences certified licensed registered eligible eligibility able ability
  staff personnel employees workers team experience experienced requires requiring regulations governing compliance contract specialized specialised
  gift issue issued issuing verify verifying verification renew renewal renewing`.split(/\s+/),
);

/** Role words after "certified"/"licensed"/"registered" that end a role phrase when followed by these. */
const ROLE_BREAK = new Set(['in', 'by', 'with', 'and', 'or', 'for', 'to', 'from', 'as', 'at', 'on', 'who', 'that', 'is', 'are', 'required', 'preferred', 'a', 'an', 'the', 'wanted', 'needed', 'must', 'will', 'should', 'only', 'preferably', 'strongly', 'highly', 'plus', 'within', 'upon', 'after', 'before']);

const WORD = /^[\p{L}\p{N}][\p{L}\p{N}+#&./'’-]*$/u;
const isCap = (w: string) => /^\p{Lu}/u.test(w);
const isAcronym = (w: string) => /^[A-Z][A-Z0-9+&/.-]{1,9}$/.test(w) && /[A-Z].*[A-Z]/.test(w);

const computeCandidateKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/licence/g, 'license')
    .replace(/certificates?\b|certifications?\b/g, 'certification')
    .replace(/licenses\b/g, 'license')
    .replace(/[^\p{L}\p{N}+#&]+/gu, ' ')
    .trim();

// Postings repeat the same few thousand phrases: their keys are remembered (a pure function of the
// phrase; the memo is emptied when it reaches KEY_MEMO_MAX entries).
const KEY_MEMO_MAX = 50_000;
const keyMemo = new Map<string, string>();
export const candidateKey = (s: string): string => {
  let k = keyMemo.get(s);
  if (k === undefined) {
    k = computeCandidateKey(s);
    if (keyMemo.size >= KEY_MEMO_MAX) keyMemo.clear();
    keyMemo.set(s, k);
  }
  return k;
};

// [\p{L}\p{N}+#&.'’-] and friends, answered for ASCII without a regex
const WORD_CHAR_RE = /[\p{L}\p{N}+#&.'’-]/u;
const AFTER_CHAR_RE = /[\p{L}\p{N}+#&'’-]/u;
const LETTER_DIGIT_RE = /[\p{L}\p{N}]/u;
const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** WORD_CHAR_RE.test(text[i]) */
function wordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiAlnum(c) || c === 43 || c === 35 || c === 38 || c === 46 || c === 39 || c === 45;
  return WORD_CHAR_RE.test(text[i]);
}
/** AFTER_CHAR_RE.test(text[i]) (no '.') */
function afterCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiAlnum(c) || c === 43 || c === 35 || c === 38 || c === 39 || c === 45;
  return AFTER_CHAR_RE.test(text[i]);
}
/** LETTER_DIGIT_RE.test(text[i]) */
function letterDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiAlnum(c);
  return LETTER_DIGIT_RE.test(text[i]);
}

const KEYWORD = /\b(?:certif(?:ied|ication|ications|icate|icates)|licen[cs](?:e|es|ed|ure)|credential(?:s|ed)?|registered)\b/gi;

export function snippetAround(text: string, start: number, end: number): string {
  const a = Math.max(0, start - 70);
  const b = Math.min(text.length, end + 70);
  return `${a > 0 ? '…' : ''}${text.slice(a, b).replace(/\s+/g, ' ').trim()}${b < text.length ? '…' : ''}`;
}

/** Words before `at` in the same clause (no sentence or list punctuation in between), nearest last. */
function wordsBefore(text: string, at: number, max: number): { w: string; start: number }[] {
  const out: { w: string; start: number }[] = [];
  let i = at;
  while (out.length < max) {
    let j = i;
    while (j > 0 && text[j - 1] === ' ') j--;
    if (j === 0) break;
    if (!wordCharAt(text, j - 1)) break;
    let k = j;
    while (k > 0 && wordCharAt(text, k - 1)) k--;
    const w = text.slice(k, j).replace(/^[.'’-]+|[.'’-]+$/g, '');
    if (!w || !WORD.test(w)) break;
    if (text[j - 1] === '.') break; // sentence end
    out.unshift({ w, start: k });
    i = k;
  }
  return out;
}

/** Words after `at` in the same clause, up to max. */
function wordsAfter(text: string, at: number, max: number): { w: string; end: number }[] {
  const out: { w: string; end: number }[] = [];
  let i = at;
  while (out.length < max) {
    let j = i;
    while (j < text.length && text[j] === ' ') j++;
    if (j >= text.length || !letterDigitAt(text, j)) break;
    let k = j;
    while (k < text.length && afterCharAt(text, k)) k++;
    const w = text.slice(j, k).replace(/['’-]+$/g, '');
    if (!w) break;
    out.push({ w, end: j + w.length });
    i = k;
    if (text[k] !== ' ') break;
  }
  return out;
}

/** Trims stop words at both ends of a word run; null when nothing distinctive remains. */
function trimRun<T extends { w: string }>(run: T[]): T[] | null {
  let a = 0;
  let b = run.length;
  while (a < b && STOP.has(run[a].w.toLowerCase())) a++;
  while (b > a && STOP.has(run[b - 1].w.toLowerCase())) b--;
  const r = run.slice(a, b);
  if (r.length === 0) return null;
  // a capitalised word or an acronym names something; otherwise two content words at least
  if (!r.some((x) => isCap(x.w) || isAcronym(x.w)) && r.length < 2) return null;
  if (r.every((x) => /^\d+$/.test(x.w))) return null;
  return r;
}

/**
 * Credential-like phrases in a text. `known(key)` tells phrases the dictionary already has (by
 * candidateKey of the full phrase and of the bare name), which are not candidates. With
 * `snippets: false` the snippet is left '' (snippetAround(text, start, end) gives it).
 */
export function findCredentialCandidates(text: string, known: (key: string) => boolean, options: { snippets?: boolean } = {}): CandidateMention[] {
  // without snippets (the extractor drops most hits and writes the snippets of the rest itself): ''
  const snippets = options.snippets ?? true;
  if (!text) return [];
  const out = new Map<string, CandidateMention>();
  const add = (name: string, pattern: CandidateMention['pattern'], start: number, end: number, bare: string) => {
    const key = candidateKey(name);
    if (!key || key.length > 80 || out.has(key)) return;
    if (known(key) || known(candidateKey(bare))) return;
    out.set(key, { key, name: name.replace(/\s+/g, ' ').trim(), pattern, start, end, snippet: snippets ? snippetAround(text, start, end) : '' });
  };
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m; m = KEYWORD.exec(text)) {
    const kw = m[0];
    const lower = kw.toLowerCase();
    const kStart = m.index;
    const kEnd = kStart + kw.length;
    if (/^(certified|licensed|registered)$/.test(lower)) {
      // "<ACRONYM> certified": "PMP certified", "CPR certified"
      const before = wordsBefore(text, kStart, 1);
      if (lower === 'certified' && before.length === 1 && (isAcronym(before[0].w) || isCap(before[0].w)) && !STOP.has(before[0].w.toLowerCase())) {
        add(`${before[0].w} certified`, 'acronym-certified', before[0].start, kEnd, before[0].w);
      }
      // "certified <role>", "Licensed Clinical Social Worker", "Registered Dietitian"
      const after = wordsAfter(text, kEnd, 5);
      let run: { w: string; end: number }[] = [];
      const capitalised = isCap(kw);
      for (const a of after) {
        const lw = a.w.toLowerCase();
        if (ROLE_BREAK.has(lw)) break;
        if (capitalised ? !(isCap(a.w) || isAcronym(a.w) || /^\d/.test(a.w)) : run.length >= 2) break;
        run.push(a);
      }
      run = trimRun(run) ?? [];
      if (run.length === 0) continue;
      if (!capitalised && run.length < 1) continue;
      const end = run[run.length - 1].end;
      const phrase = `${kw} ${text.slice(run[0].end - run[0].w.length, end)}`;
      add(phrase, lower === 'certified' ? 'certified-role' : 'registered-role', kStart, end, phrase.slice(kw.length + 1));
      continue;
    }
    // "<name> certification / certificate / license / licensure / credential"
    const before = trimRun(wordsBefore(text, kStart, 5));
    if (!before) continue;
    const start = before[0].start;
    const bare = text.slice(start, before[before.length - 1].start + before[before.length - 1].w.length);
    add(`${bare} ${kw}`, 'name-credential', start, kEnd, bare);
  }
  return [...out.values()];
}
