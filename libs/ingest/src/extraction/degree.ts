// Degree requirement level and the in-lieu flag from free text. A degree mention counts toward the
// requirement only when its sentence makes it required (or names it as the thing a credential
// replaces); "Bachelor's degree preferred" and "no degree required" leave the requirement at 0.

import { mentionLevel, type SentenceLookup } from './levels.js';

export type DegreeLevel = 0 | 1 | 2 | 3 | 4;

export interface DegreeMention {
  level: 1 | 2 | 3 | 4;
  start: number;
  end: number;
  /** a generic "degree in X" that only counts when nothing more specific is in its sentence */
  generic: boolean;
}

const DEGREE_PATTERNS: { re: RegExp; level: 1 | 2 | 3 | 4; generic?: boolean }[] = [
  { re: /\bmaster(?:'|\u2019)?s(?= degree| in\b| of\b|\b)|\bmaster (?:degree|of (?:arts|science|business|education|public|social))\b|\bMBA\b|\bph\.? ?d\b\.?|\bdoctorate\b|\bdoctoral degree\b|\b(?:graduate|advanced|post-?graduate) degree\b|\bM\.S\.|\bM\.A\.|\bMSc\b|\bMSN\b|\bMPH\b|\bM\.Ed\b/gi, level: 4 },
  { re: /\bMS(?= (?:in|degree)\b)/g, level: 4 },
  { re: /\bbachelor(?:'|\u2019)?s?\b|\bbaccalaureate\b|\bB\.S\.|\bB\.A\.|\b(?:four|4)[- ]year (?:college |university )?degree\b|\b(?:undergraduate|college|university) degree\b/gi, level: 3 },
  { re: /\b(?:BS|BA|BSc|BSN|BBA|BSEE|BSME|BSCS)\b(?=[\s/,.)]|$)/g, level: 3 },
  { re: /\bassociate(?:'|\u2019)?s? (?:degree|of (?:arts|science|applied))\b|\b(?:two|2)[- ]year (?:college |technical )?degree\b|\bA\.A\.S\.?|\b(?:AAS|ADN)\b/gi, level: 2 },
  { re: /\bhigh[- ]school (?:diploma|education|graduate|degree|or (?:equivalent|GED))\b|\bHS diploma\b|\bGED\b|\bsecondary school (?:diploma|education)\b|\bHiSET\b/gi, level: 1 },
  { re: /\b(?:a |an )?degree (?:in|from)\b/gi, level: 3, generic: true },
];

// one cheap pass decides whether the seven precise patterns need to run at all
const DEGREE_HINT_RE = /degree|diploma|bachelor|baccalaureate|master|MBA|ph\.? ?d|doctor|B\.?S|B\.?A\b|BSc|BSN|BBA|MSc|MSN|MPH|M\.Ed|associate|A\.?A\.?S|ADN|high[- ]school|GED|HiSET|secondary school/i;
// Every match of the precise patterns lies within one line and contains a match of this (the hint
// plus the few forms the hint lacks: "M.S.", "M.A.", "MS in"), or overlaps one it finds, so they
// only need to run near it.
// Group 1 is set when the hint proper matched (the patterns run only on texts that have one).
const LINE_HINT_RE = new RegExp(`(${DEGREE_HINT_RE.source})|M\\.[SA]\\.|MS in`, 'gi');
/**
 * How far around a hint the precise patterns run: longer than any match of them plus its lookahead
 * (the longest, "four-year university degree" / "high school or equivalent", are under 40 chars) and
 * than any hint match (a pattern match may contain a hint occurrence that overlaps the one found).
 */
const HINT_MARGIN = 96;

const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;

/**
 * Degree mentions in text, leftmost-longest, without overlaps. The seven precise patterns run only
 * on windows around the hint words (most of a posting has none), not over whole lines: a window
 * reaches HINT_MARGIN chars beyond the hints it holds and then to whitespace (or the text's edge)
 * on both sides, so \b, $ and \s read its edges as they read the text, and every match of a pattern
 * over the whole text lies inside one window (it contains a hint and is shorter than the margin).
 * Windows that would touch are merged, so no match crosses a window's edge, and each pattern's
 * scan of a window finds what its scan of the whole text finds there (extract-check bench: identical).
 */
export function findDegreeMentions(text: string): DegreeMention[] {
  const found: DegreeMention[] = [];
  const n = text.length;
  const back = (i: number): number => {
    while (i > 0 && !isSpaceCode(text.charCodeAt(i - 1))) i--;
    return i;
  };
  const forward = (i: number): number => {
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
    return i;
  };
  // one pass over the text gathers the windows: [start, end) pairs, widened to whitespace
  let windows: number[] | null = null;
  let hinted = false;
  let winStart = -1;
  let winEnd = -1;
  LINE_HINT_RE.lastIndex = 0;
  let h: RegExpExecArray | null;
  while ((h = LINE_HINT_RE.exec(text)) !== null) {
    if (h[1] !== undefined) hinted = true;
    const from = back(Math.max(0, h.index - HINT_MARGIN));
    const to = Math.min(n, h.index + h[0].length + HINT_MARGIN);
    // a window apart from the one gathered so far (with a gap between them) starts
    if (winStart >= 0 && from > forward(winEnd)) {
      (windows ??= []).push(winStart, forward(winEnd));
      winStart = -1;
    }
    if (winStart < 0) winStart = from;
    if (to > winEnd) winEnd = to;
  }
  if (winStart < 0) return found;
  (windows ??= []).push(winStart, forward(winEnd));
  // "M.S." or "MS in" alone: the patterns run only on a text with a hint proper (as before windows)
  if (!hinted && !DEGREE_HINT_RE.test(text)) return found;
  for (let w = 0; w < windows.length; w += 2) {
    const a = windows[w];
    const b = windows[w + 1];
    const win = a === 0 && b === n ? text : text.slice(a, b);
    const winFound = found.length;
    for (const p of DEGREE_PATTERNS) {
      p.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = p.re.exec(win)) !== null) {
        const start = a + m.index;
        const end = start + m[0].length;
        let overlaps = false;
        for (let k = winFound; k < found.length; k++) if (start < found[k].end && end > found[k].start) overlaps = true;
        if (overlaps) continue;
        found.push({ level: p.level, start, end, generic: p.generic ?? false });
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const EQUIVALENT_RE =
  /\bequivalent combination of\b|\b(?:or|and\/or) (?:an? )?equivalent (?:(?:combination|amount) of )?(?:\w+ ){0,2}?(?:experience|training)\b|\bequivalent (?:work |professional |relevant |related |practical |military )?experience\b|\bexperience (?:may|can) (?:be )?substitut\w*|\bsubstitut\w* for (?:a |an |the )?(?:\w+(?:'|\u2019)?s? )?degree\b|\bin lieu of (?:a |an |the )?(?:\w+(?:'|\u2019)?s? )?degree\b|\bin place of (?:a |an |the )?(?:\w+(?:'|\u2019)?s? )?degree\b|\binstead of (?:a |an |the )?(?:\w+(?:'|\u2019)?s? )?degree\b|\bor equivalent\b/gi;

/** Whether the text has an equivalent-experience / in-lieu clause attached to a degree requirement. */
export function hasEquivalentClause(text: string): boolean {
  EQUIVALENT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EQUIVALENT_RE.exec(text)) !== null) {
    if (/^or equivalent$/i.test(m[0])) {
      // "high school diploma or equivalent" means a GED, not experience instead of a degree
      const back = text.slice(Math.max(0, m.index - 40), m.index);
      if (/high[- ]school|diploma|GED/i.test(back)) continue;
    }
    return true;
  }
  return false;
}

/** Lowest degree level the text requires (0: none), from its sentences. */
export function requiredDegreeLevel(text: string, structure: SentenceLookup, mentions = findDegreeMentions(text)): DegreeLevel {
  let level: DegreeLevel = 0;
  for (const d of mentions) {
    const s = structure.sentenceAt(d.start);
    if (s === null) continue;
    if (d.generic && mentions.some((o) => !o.generic && o.start >= s.start && o.end <= s.end)) continue;
    const l = mentionLevel(text, s, d.start, d.end);
    if (l === null || l === 'preferred') continue;
    if (level === 0 || d.level < level) level = d.level;
  }
  return level;
}
