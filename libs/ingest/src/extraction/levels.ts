// Requirement levels from the structure of a posting: section headings set a base level for the
// lines under them ("Preferred qualifications:" -> preferred), an inline label at the start of a
// sentence does the same for the rest of its line ("Requirements: ... Preferred: ..."), and cue
// words inside a sentence override the base ("CCNA preferred", "Security+ is a plus", "must hold a
// CDL", "accepted in lieu of a degree"). When a sentence carries cues of different kinds, each
// mention takes the cue nearest to it, counting list separators as distance.

export type Level = 'required' | 'preferred' | 'in_lieu';
export type BaseLevel = 'required' | 'preferred';

export interface Cue {
  kind: Level | 'negation';
  start: number;
  end: number;
  /** the cue usually precedes what it qualifies ("must have X", "preferably X") */
  fwd: boolean;
  /** a weak required cue ("at least", "minimum") never overrides a preferred section */
  weak: boolean;
}

export interface Sentence {
  start: number;
  end: number;
  base: BaseLevel;
  /** cue words, computed on first use (most sentences hold no mention and never need them) */
  readonly cues: Cue[];
  /** the sentence talks about a degree / diploma / formal education */
  readonly degreeContext: boolean;
  /** parenthesised spans [open, close] inside the sentence */
  readonly parens: [number, number][];
}

interface CuePattern {
  re: RegExp;
  kind: Cue['kind'];
  fwd: boolean;
  weak?: boolean;
}

// Order matters: earlier patterns claim their span first ("not required" before "required",
// "a must" before "must").
const CUE_PATTERNS: CuePattern[] = [
  { re: /\b(?:is |are )?not (?:required|needed|necessary|mandatory)\b/gi, kind: 'negation', fwd: false },
  { re: /\bno (?:[\w+'\u2019-]+ ){0,3}?(?:required|needed|necessary)\b/gi, kind: 'negation', fwd: false },
  { re: /\bwithout (?:a |an |any )?(?=(?:[\w'\u2019-]+ ){0,2}?(?:degree|diploma))/gi, kind: 'negation', fwd: true },
  { re: /\bin lieu of\b|\bin place of\b|\binstead of\b|\bsubstitut\w*\b|\bas an alternative to\b|\bequivalent to an? (?=\w+(?:'s)? degree)\b|\b(?:can|may) replace\b|\bwaive[sd]?\b/gi, kind: 'in_lieu', fwd: false },
  { re: /\b(?:a|an|big|huge|definite|strong|major|added|real|great|nice) (?:\w{2,} )?plus\b/gi, kind: 'preferred', fwd: false },
  { re: /\bplus\b(?=[\s).!]*$)/gi, kind: 'preferred', fwd: false },
  { re: /\b(?:strongly |highly )?preferred\b/gi, kind: 'preferred', fwd: false },
  { re: /\bprefer\b|\bpreferabl[ey]\b|\bpreference\b|\bideally\b|\bnice[- ]to[- ]have\b|\bgood[- ]to[- ]have\b/gi, kind: 'preferred', fwd: true },
  { re: /\bbonus\b|\bdesired\b|\bdesirable\b|\badvantage(?:ous)?\b|\bhelpful\b|\bbeneficial\b|\bwelcomed?\b|\boptional\b|\bappreciated\b|\bwould be (?:great|nice|ideal|good)\b/gi, kind: 'preferred', fwd: false },
  { re: /\ba must\b|\brequired\b|\bmandatory\b|\bessential\b|\bnecessary\b|\bobligatory\b/gi, kind: 'required', fwd: false },
  { re: /\bmust\b|\bshall\b/gi, kind: 'required', fwd: true },
  { re: /\brequires?\b|\brequirements?\b|\bneeds?\b|\bminimum\b|\bat least\b/gi, kind: 'required', fwd: true, weak: true },
];

const DEGREE_CONTEXT_RE = /\b(?:degree|diploma|bachelor|associate(?:'|\u2019)?s? degree|master(?:'|\u2019)s|college|education|GED|B\.?S\.?|B\.?A\.?)\b/i;

const PREFERRED_HEADING_RE = /prefer|nice[- ]to[- ]have|good[- ]to[- ]have|bonus|desir|\bplus(?:es)?\b|\bideal|optional|extra credit|not required|advantage/i;
const REQUIRED_HEADING_RE = /requir|minimum|must|basic qualif|qualification|essential|mandatory/i;
const KNOWN_HEADING_RE =
  /^(?:#+\s*)?(?:(?:minimum|basic|required|preferred|desired|additional|key|job|position|core|technical|physical)\s+)*(?:requirements?|qualifications?|skills?(?: (?:and|&) (?:experience|abilities|qualifications))?|experience|education(?: (?:and|&) (?:experience|training))?|certifications?(?: (?:and|&) licen[sc]es?)?|licen[sc]es?(?: (?:and|&) certifications?)?|responsibilities|duties|benefits|perks|compensation|overview|summary|about (?:us|you|the (?:role|job|team|company))|who you are|what you(?:'|\u2019)?ll do|what you will do|what you(?:'|\u2019)?ll need|what you need|what you bring|what we(?:'|\u2019)?re looking for|what we offer|you have|you bring|nice[- ]to[- ]haves?|must[- ]haves?|bonus(?: points)?|pluses|extra credit|the role|job description|schedule|location|working conditions)$/i;

/** Level a heading sets for the lines below it (null: not a heading we understand). */
export function headingLevel(heading: string): BaseLevel {
  if (PREFERRED_HEADING_RE.test(heading)) return 'preferred';
  return 'required';
}

const BULLET_RE = /^[\s\-*\u2022\u00b7\u25aa\u25e6\u2023>#]*(?:\(?\d{1,2}[.)]\s+)?/;
const ABBREV_RE = /(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|min|max|yrs|no|inc|jr|sr|dept|st|B\.S|B\.A|M\.S|M\.A|Ph\.D|A\.A|A\.A\.S|U\.S|a\.m|p\.m)|\b[A-Z])$/i;

/** JavaScript's \\s (WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Number of whitespace-separated words (s.trim().match(/\\S+/g).length, without allocating). */
function wordCount(s: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = isSpace(s.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** min(wordCount(text.slice(from, to)), limit + 1), without the slice: stops past the limit. */
function wordCountIn(text: string, from: number, to: number, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = from; i < to; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord && ++words > limit) return words;
    inWord = !space;
  }
  return words;
}

function hasCharIn(text: string, c: number, from: number, to: number): boolean {
  const i = text.indexOf(String.fromCharCode(c), from);
  return i >= 0 && i < to;
}

/** Splits a text into sentences with their base level and cues. */
export function analyseStructure(text: string, defaultLevel: BaseLevel = 'required'): Sentence[] {
  const sentences: Sentence[] = [];
  const st = new TextStructure(text, defaultLevel);
  for (let li = 0; st.classifyNext(); li++) sentences.push(...st.lineSentences(li));
  return sentences;
}

/** Where a position lies: the sentence holding it, or null inside a heading or a blank line. */
export interface SentenceLookup {
  sentenceAt(pos: number): Sentence | null;
}

/**
 * analyseStructure(), computed lazily: lines are classified (heading or not, and the section level
 * they carry) only as far as the last position asked about, and a line is cut into sentences only
 * when a position inside it is asked about. Most lines of a posting hold no mention and are never
 * split. Gives exactly the sentences analyseStructure() would.
 */
export class TextStructure implements SentenceLookup {
  // per classified line: content span, level of the section it is in, heading flag
  private readonly contentStart: number[] = [];
  private readonly contentEnd: number[] = [];
  private readonly level: BaseLevel[] = [];
  private readonly heading: boolean[] = [];
  private readonly split: (LineSplitter | undefined)[] = [];
  private section: BaseLevel;
  private nextLine = 0;
  private done = false;

  constructor(
    private readonly text: string,
    defaultLevel: BaseLevel = 'required',
  ) {
    this.section = defaultLevel;
  }

  /** Classifies one more line; false when the text is exhausted. */
  classifyNext(): boolean {
    if (this.done) return false;
    const text = this.text;
    const lineStart = this.nextLine;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // the bullet: a line starting with a letter has none (most lines; no slice, no regex)
    const c0 = lineStart < lineEnd ? text.charCodeAt(lineStart) : 0;
    let contentOffset = 0;
    if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) {
      const bullet = BULLET_RE.exec(text.slice(lineStart, lineEnd));
      contentOffset = bullet ? bullet[0].length : 0;
    }
    const cStart = lineStart + contentOffset;
    // content = line.slice(contentOffset).trimEnd(), as offsets
    let cEnd = lineEnd;
    while (cEnd > cStart && isSpace(text.charCodeAt(cEnd - 1))) cEnd--;
    let isHeading = false;
    if (cEnd > cStart) {
      // the cheap character tests first: most lines end in a full stop and hold no '#'
      const last = text.charCodeAt(cEnd - 1);
      isHeading =
        (last === 58 /* : */ && wordCountIn(text, cStart, cEnd, 8) <= 8) ||
        (last !== 46 && last !== 33 && last !== 63 && last !== 59 && last !== 44 && wordCountIn(text, cStart, cEnd, 6) <= 6 && KNOWN_HEADING_RE.test(text.slice(cStart, cEnd).replace(/:$/, '').trim())) ||
        (hasCharIn(text, 35 /* # */, lineStart, lineEnd) && /^#{1,6}\s/.test(text.slice(lineStart, lineEnd).trimStart()) && wordCountIn(text, cStart, cEnd, 8) <= 8);
      if (isHeading) this.section = headingLevel(text.slice(cStart, cEnd));
    }
    this.contentStart.push(cStart);
    this.contentEnd.push(cEnd);
    this.level.push(this.section);
    this.heading.push(isHeading || cEnd === cStart);
    this.split.push(undefined);
    if (lineEnd >= text.length) this.done = true;
    else this.nextLine = lineEnd + 1;
    return true;
  }

  /** Sentences of classified line li (none for headings and blank lines). */
  lineSentences(li: number): Sentence[] {
    return this.splitTo(li, Infinity);
  }

  /** Sentences of line li, cut at least as far as the one holding pos. */
  private splitTo(li: number, pos: number): Sentence[] {
    if (this.heading[li]) return NO_SENTENCES;
    let sp = this.split[li];
    if (sp === undefined) {
      sp = new LineSplitter(this.text, this.contentStart[li], this.contentEnd[li], this.level[li]);
      this.split[li] = sp;
    }
    sp.advance(pos);
    return sp.out;
  }

  sentenceAt(pos: number): Sentence | null {
    // classify up to the line holding pos (lines start after the previous line's newline)
    while (!this.done && this.nextLine <= pos) this.classifyNext();
    const starts = this.contentStart;
    // last line whose content starts at or before pos
    let lo = 0;
    let hi = starts.length - 1;
    let li = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= pos) {
        li = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (li < 0 || pos >= this.contentEnd[li]) return null;
    const sentences = this.splitTo(li, pos);
    const si = sentenceAt(sentences, pos);
    return si < 0 ? null : sentences[si];
  }
}

const BOUNDARY_RE = /[.!?;](?=\s|$)/g;
const NO_SENTENCES: Sentence[] = [];
const LABEL_RE = /^\s*([A-Za-z][A-Za-z'\u2019/& -]{0,40}?)\s*:\s*/;

/**
 * The sentences of one line (content [from, to)), cut as far as asked: a mention near a long line's
 * start does not pay for cutting the rest of it. Cuts come after [.!?;] followed by whitespace or
 * the line's end (/[.!?;](?=\s|$)/ over the line), found by one regex run over the text from the
 * line's start (the content ends before whitespace, a newline or the text's end, so \s there reads
 * as $ did), with no slice of the line nor of the rest of it after every full stop. A label at a
 * sentence's start ("Preferred: ...") sets the level of the rest of the line.
 */
class LineSplitter {
  readonly out: Sentence[] = [];
  private s: number;
  private lineLevel: BaseLevel;
  /** where the boundary search resumes; -1 once the line's end has been cut */
  private scan: number;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
    section: BaseLevel,
  ) {
    this.s = from;
    this.lineLevel = section;
    this.scan = from;
  }

  /** Cuts until a sentence ends after pos (or the line is done). */
  advance(pos: number): void {
    const out = this.out;
    while (this.scan >= 0 && (out.length === 0 || out[out.length - 1].end <= pos)) this.emit(this.nextCut());
  }

  private nextCut(): number {
    const { text, from, to } = this;
    BOUNDARY_RE.lastIndex = this.scan;
    let m: RegExpExecArray | null;
    while ((m = BOUNDARY_RE.exec(text)) !== null && m.index < to) {
      const abs = m.index;
      if (text.charCodeAt(abs) === 46) {
        // the first character after the spaces that follow (after = line.slice(abs + 1).trimStart())
        let j = abs + 1;
        while (j < to && isSpace(text.charCodeAt(j))) j++;
        if (j < to) {
          const a = text.charCodeAt(j);
          if (a >= 97 && a <= 122) continue;
          if (!(a >= 65 && a <= 90) && ABBREV_RE.test(text.slice(Math.max(from, abs - 6), abs))) continue;
        }
      }
      this.scan = abs + 1;
      return abs + 1;
    }
    this.scan = -1;
    return to;
  }

  private emit(cut: number): void {
    const text = this.text;
    if (cut <= this.s) return;
    let start = this.s;
    // a label needs a ':' (the first one: neither the label nor the spaces around it hold one)
    const colon = text.indexOf(':', start);
    const label = colon >= 0 && colon < cut ? LABEL_RE.exec(text.slice(start, cut)) : null;
    if (label && wordCount(label[1]) <= 5 && (KNOWN_HEADING_RE.test(label[1]) || PREFERRED_HEADING_RE.test(label[1]) || REQUIRED_HEADING_RE.test(label[1]))) {
      this.lineLevel = headingLevel(label[1]);
      start += label[0].length;
    }
    if (cut > start) this.out.push(makeSentence(text, start, cut, this.lineLevel));
    this.s = cut;
  }
}

class LazySentence implements Sentence {
  private cueCache: Cue[] | undefined;
  private degreeCache: boolean | undefined;
  private parenCache: [number, number][] | undefined;
  constructor(
    private readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly base: BaseLevel,
  ) {}
  get degreeContext(): boolean {
    this.degreeCache ??= DEGREE_CONTEXT_RE.test(this.text.slice(this.start, this.end));
    return this.degreeCache;
  }
  get cues(): Cue[] {
    this.cueCache ??= findCues(this.text, this.start, this.end, () => this.degreeContext);
    return this.cueCache;
  }
  get parens(): [number, number][] {
    this.parenCache ??= parenthesised(this.text, this);
    return this.parenCache;
  }
}

function makeSentence(text: string, start: number, end: number, base: BaseLevel): Sentence {
  return new LazySentence(text, start, end, base);
}

// Words without which a cue pattern cannot match: one pass over a sentence finds which of them
// occur (overlapping occurrences included), and only the patterns they belong to run. A word of
// group k sets the bits of its list; bit i stands for CUE_PATTERNS[i].
const CUE_WORD_GROUPS: [RegExp, number[]][] = [
  [/not /, [0]],
  [/no /, [1]],
  [/without/, [2]],
  [/lieu|place|instead|substitut|alternative|equivalent|replace|waive/, [3]],
  [/plus/, [4, 5]],
  [/prefer/, [6, 7]],
  [/ideal|nice|good/, [7, 8]],
  [/bonus|desir|advantage|helpful|beneficial|welcome|optional|appreciated|would be/, [8]],
  [/must/, [9, 10]],
  [/requir/, [9, 11]],
  [/mandatory|essential|necessary|obligatory/, [9]],
  [/shall/, [10]],
  [/need|minimum|least/, [11]],
];
// The groups' words as one alternation, in group order: at any position it matches the same word
// the grouped form would, and the word tells its group (no capture groups to fill per match).
const CUE_WORDS_RE = new RegExp(CUE_WORD_GROUPS.map(([re]) => re.source).join('|'), 'gi');
const CUE_WORD_MASK = new Map<string, number>();
CUE_WORD_GROUPS.forEach(([re, bits]) => {
  const mask = bits.reduce((m, b) => m | (1 << b), 0);
  for (const w of re.source.split('|')) if (!CUE_WORD_MASK.has(w)) CUE_WORD_MASK.set(w, mask);
});

function cuePatternMask(body: string): number {
  let mask = 0;
  CUE_WORDS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CUE_WORDS_RE.exec(body)) !== null) {
    mask |= CUE_WORD_MASK.get(m[0].toLowerCase()) as number;
    CUE_WORDS_RE.lastIndex = m.index + 1;
  }
  return mask;
}

function findCues(text: string, start: number, end: number, degreeContext: () => boolean): Cue[] {
  const body = text.slice(start, end);
  const cues: Cue[] = [];
  const mask = cuePatternMask(body);
  if (mask === 0) return cues;
  for (let pi = 0; pi < CUE_PATTERNS.length; pi++) {
    const p = CUE_PATTERNS[pi];
    if ((mask & (1 << pi)) === 0) continue;
    if (p.kind === 'in_lieu' && !degreeContext()) continue;
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(body)) !== null) {
      if (m[0].length === 0) {
        // zero-width lookahead-only match ("without" handled above always has text); guard anyway
        p.re.lastIndex++;
        continue;
      }
      const cs = start + m.index;
      const ce = cs + m[0].length;
      if (cues.some((c) => cs < c.end && ce > c.start)) continue;
      cues.push({ kind: p.kind, start: cs, end: ce, fwd: p.fwd, weak: p.weak ?? false });
    }
  }
  cues.sort((a, b) => a.start - b.start);
  return cues;
}

/** Index of the sentence containing position pos (-1 if pos lies in a heading or blank line). */
export function sentenceAt(sentences: readonly Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

const HARD_SEP_RE = /[,;:()\u2013\u2014]|\b(?:but|while|whereas|although|though)\b/g;
const SOFT_SEP_RE = /\b(?:and|or)\b|&|\//g;

function separationCost(between: string): number {
  const hard = between.match(HARD_SEP_RE)?.length ?? 0;
  const soft = between.match(SOFT_SEP_RE)?.length ?? 0;
  return hard * 3 + soft;
}

/**
 * Level of a mention at [start, end) inside sentence s, or null when the sentence negates it
 * ("No CDL required", "degree not required").
 */
export function mentionLevel(text: string, s: Sentence, start: number, end: number): Level | null {
  if (s.cues.length === 0) return s.base;
  const cues = s.cues.filter((c) => c.end <= start || c.start >= end || (c.kind === 'negation' && c.start <= start && c.end >= end));
  const negation = cues.find((c) => c.kind === 'negation' && (c.start <= start ? c.end >= end || separationCost(text.slice(c.end, start)) < 3 : separationCost(text.slice(end, c.start)) < 3));
  if (negation) {
    // "Security+ is not required but preferred" -> preferred; otherwise the mention is negated
    return cues.some((c) => c.kind === 'preferred') ? 'preferred' : null;
  }
  // a cue inside parentheses qualifies only what is inside them: "Kubernetes (CKA a plus)"
  const parens = s.parens;
  const enclosing = (pos: number): number => parens.findIndex(([a, b]) => pos > a && pos < b);
  const mentionParen = enclosing(start);
  const usable = cues.filter(
    (c) => c.kind !== 'negation' && !(s.base === 'preferred' && c.kind === 'required' && c.weak) && (enclosing(c.start) === -1 || enclosing(c.start) === mentionParen),
  );
  if (usable.length === 0) return s.base;
  const kinds = new Set(usable.map((c) => c.kind));
  if (kinds.size === 1) return usable[0].kind as Level;
  let best: Cue | undefined;
  let bestCost = Infinity;
  for (const c of usable) {
    const before = c.end <= start;
    const between = before ? text.slice(c.end, start) : text.slice(end, c.start);
    const dirPenalty = before !== c.fwd ? 2 : 0;
    const cost = separationCost(between) + dirPenalty + between.length / 1000;
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return (best?.kind as Level | undefined) ?? s.base;
}

function parenthesised(text: string, s: Sentence): [number, number][] {
  const out: [number, number][] = [];
  let open = -1;
  for (let i = s.start; i < s.end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40 /* ( */) open = i;
    else if (ch === 41 /* ) */ && open >= 0) {
      out.push([open, i]);
      open = -1;
    }
  }
  return out;
}
