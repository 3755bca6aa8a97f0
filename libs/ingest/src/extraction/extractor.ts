import { deriveSkillAliases } from './aliases.js';
import { WordAutomaton } from './automaton.js';
import { findDegreeMentions, hasEquivalentClause, requiredDegreeLevel, type DegreeLevel, type DegreeMention } from './degree.js';
import { analyseStructure, mentionLevel, sentenceAt, type BaseLevel, type Level, type Sentence } from './levels.js';
import { phrasePolicy } from './stoplist.js';
import { tokenize } from './tokenize.js';

export type { Level } from './levels.js';

export interface ExtractionDictionary {
  skills: { id: string; name: string; altLabels?: string[] }[];
  credentials: { id: number; name: string; shortNames?: string[] }[];
}

export type HintSection = 'qualifications' | 'skills' | 'education';

export interface Mention {
  id: string | number;
  /** canonical name from the dictionary */
  name: string;
  level: Level;
  /** span of the strongest evidence, in the text it was found in (see `section`) */
  start: number;
  end: number;
  /** the text as written at that span */
  matched: string;
  /** set when the evidence came from a structured section hint rather than the main text */
  section?: HintSection;
  /** how many times the id was found in all texts */
  occurrences: number;
}

export interface ExtractionResult {
  skills: Mention[];
  credentials: Mention[];
  degreeLevel: DegreeLevel;
  inLieu: boolean;
}

export interface ExtractionHints {
  sections?: Partial<Record<HintSection, string>>;
}

export interface Extractor {
  extract(text: string, hints?: ExtractionHints): ExtractionResult;
  /** dictionary statistics, for logs and benchmarks */
  readonly stats: { phrases: number; states: number; dropped: number };
}

export interface ExtractorOptions {
  /** derive "Excel" from "Microsoft Excel", "AWS" from "Amazon Web Services AWS software" (default true) */
  deriveAliases?: boolean;
}

interface Entry {
  kind: 0 | 1; // 0 skill, 1 credential
  index: number;
  /** exact raw tokens for case-sensitive phrases */
  caseRaw?: string[];
}

const LEVEL_RANK: Record<Level, number> = { required: 3, in_lieu: 2, preferred: 1 };

/** Builds the word-level automaton once over every skill and credential phrase. */
export function createExtractor(dict: ExtractionDictionary, options: ExtractorOptions = {}): Extractor {
  const derive = options.deriveAliases ?? true;
  const automaton = new WordAutomaton();
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let dropped = 0;

  const addPhrase = (label: string, kind: 0 | 1, index: number): void => {
    const tl = tokenize(label);
    if (tl.norms.length === 0) return;
    const raw = tl.starts.map((s, i) => label.slice(s, tl.ends[i]).replace(/['\u2019]/g, ''));
    const policy = phrasePolicy(raw, tl.norms);
    if (policy === 'drop') {
      dropped++;
      return;
    }
    const key = `${kind}\u0000${index}\u0000${policy === 'case-sensitive' ? raw.join(' ') : tl.norms.join(' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ kind, index, caseRaw: policy === 'case-sensitive' ? raw : undefined });
    automaton.add(tl.norms, entries.length - 1);
  };

  dict.skills.forEach((s, i) => {
    addPhrase(s.name, 0, i);
    for (const a of s.altLabels ?? []) addPhrase(a, 0, i);
    if (derive) for (const a of deriveSkillAliases(s.name)) addPhrase(a, 0, i);
  });
  dict.credentials.forEach((c, i) => {
    addPhrase(c.name, 1, i);
    for (const a of c.shortNames ?? []) addPhrase(a, 1, i);
  });
  automaton.build();

  interface Found {
    entry: Entry;
    level: Level;
    start: number;
    end: number;
    matched: string;
    section?: HintSection;
  }

  const caseOk = (text: string, starts: number[], ends: number[], first: number, e: Entry): boolean => {
    if (!e.caseRaw) return true;
    for (let k = 0; k < e.caseRaw.length; k++) {
      const raw = text.slice(starts[first + k], ends[first + k]).replace(/['\u2019]/g, '');
      const want = e.caseRaw[k];
      if (raw !== want && raw !== `${want}s`) return false;
    }
    return true;
  };

  const scanText = (text: string, base: BaseLevel, section: HintSection | undefined, found: Found[]): { sentences: Sentence[] | null; degrees: DegreeMention[] } => {
    const { starts, ends, norms } = tokenize(text);
    const raw = automaton.scan(norms);
    const degrees = findDegreeMentions(text);
    let sentences: Sentence[] | null = null;
    if (raw.length === 0) return { sentences: degrees.length > 0 ? analyseStructure(text, base) : null, degrees };
    // keep the entries that pass their case rule, then choose leftmost-longest non-overlapping spans
    const cands: { first: number; last: number; entries: Entry[] }[] = [];
    for (const m of raw) {
      const ok = m.phrases.map((p) => entries[p]).filter((e) => caseOk(text, starts, ends, m.first, e));
      if (ok.length > 0) cands.push({ first: m.first, last: m.last, entries: ok });
    }
    cands.sort((a, b) => a.first - b.first || b.last - a.last);
    sentences = analyseStructure(text, base);
    let nextFree = 0;
    for (const c of cands) {
      if (c.first < nextFree) continue;
      nextFree = c.last + 1;
      const start = starts[c.first];
      const end = ends[c.last];
      const si = sentenceAt(sentences, start);
      if (si < 0) continue; // inside a heading line: a heading names a section, not a requirement
      const s = sentences[si];
      for (const e of c.entries) {
        let level = mentionLevel(text, s, start, end);
        if (level === null) continue;
        if (level === 'required' && e.kind === 1 && orLinkedToDegree(text, s, start, end, degrees)) level = 'in_lieu';
        found.push({ entry: e, level, start, end, matched: text.slice(start, end), section });
      }
    }
    return { sentences, degrees };
  };

  const extract = (text: string, hints?: ExtractionHints): ExtractionResult => {
    const found: Found[] = [];
    let degreeLevel: DegreeLevel = 0;
    let inLieu = false;
    const texts: [string, HintSection | undefined][] = [[text ?? '', undefined]];
    for (const key of ['qualifications', 'skills', 'education'] as const) {
      const t = hints?.sections?.[key];
      if (t) texts.push([t, key]);
    }
    let equivalent = false;
    for (const [t, section] of texts) {
      const { sentences, degrees } = scanText(t, 'required', section, found);
      if (sentences && degrees.length > 0) {
        const l = requiredDegreeLevel(t, sentences, degrees);
        if (l > 0 && (degreeLevel === 0 || l < degreeLevel)) degreeLevel = l;
      }
      if (hasEquivalentClause(t)) equivalent = true;
    }
    const skills = merge(found.filter((f) => f.entry.kind === 0), (i) => dict.skills[i]);
    const credentials = merge(found.filter((f) => f.entry.kind === 1), (i) => dict.credentials[i]);
    if (degreeLevel > 0 && (equivalent || credentials.some((c) => c.level === 'in_lieu') || skills.some((s) => s.level === 'in_lieu'))) inLieu = true;
    return { skills, credentials, degreeLevel, inLieu };
  };

  function merge(found: Found[], lookup: (i: number) => { id: string | number; name: string }): Mention[] {
    const byIndex = new Map<number, Mention>();
    for (const f of found) {
      const prev = byIndex.get(f.entry.index);
      if (!prev) {
        const d = lookup(f.entry.index);
        byIndex.set(f.entry.index, { id: d.id, name: d.name, level: f.level, start: f.start, end: f.end, matched: f.matched, ...(f.section ? { section: f.section } : {}), occurrences: 1 });
        continue;
      }
      prev.occurrences++;
      if (LEVEL_RANK[f.level] > LEVEL_RANK[prev.level]) {
        prev.level = f.level;
        prev.start = f.start;
        prev.end = f.end;
        prev.matched = f.matched;
        if (f.section) prev.section = f.section;
        else delete prev.section;
      }
    }
    return [...byIndex.values()].sort((a, b) => (a.section ?? '').localeCompare(b.section ?? '') || a.start - b.start);
  }

  return { extract, stats: { phrases: automaton.phrases, states: automaton.states, dropped } };
}

/**
 * "Bachelor's degree or CompTIA Security+", "CCNA or an associate degree": a credential offered as
 * the alternative to a degree in the same sentence is accepted in place of it.
 */
function orLinkedToDegree(text: string, s: Sentence, start: number, end: number, degrees: readonly DegreeMention[]): boolean {
  for (const d of degrees) {
    if (d.start < s.start || d.end > s.end) continue;
    if (d.end <= start) {
      const between = text.slice(d.end, start);
      if (between.length > 80 || /[;.]/.test(between)) continue;
      const conj = between.match(/\b(?:and|or|with|plus)\b|&/gi);
      if (conj && conj[conj.length - 1].toLowerCase() === 'or') return true;
    } else if (d.start >= end) {
      const between = text.slice(end, d.start);
      if (between.length > 80 || /[;.]/.test(between)) continue;
      const conj = between.match(/\b(?:and|or|with|plus)\b|&/gi);
      if (conj && conj[0].toLowerCase() === 'or') return true;
    }
  }
  return false;
}
