import { deriveSkillAliases } from './aliases.js';
import { candidateKey, findCredentialCandidates, snippetAround, type CandidateMention } from './discovery.js';
import { MatchBuffer, WordAutomaton, type AutomatonTables } from './automaton.js';
import { findDegreeMentions, hasEquivalentClause, requiredDegreeLevel, type DegreeLevel, type DegreeMention } from './degree.js';
import { mentionLevel, TextStructure, type BaseLevel, type Level, type Sentence } from './levels.js';
import { CONTEXT_CREDENTIAL_FORMS, CREDENTIAL_CONTEXT_RE, CREDENTIAL_NEGATED_BEFORE_RE, CREDENTIAL_OFFERED_AFTER_RE, CREDENTIAL_THIRD_PARTY_BEFORE_RE, phrasePolicy } from './stoplist.js';
import { scanTokens, TokenBuffer, tokenize } from './tokenize.js';

export type { Level } from './levels.js';

export interface ExtractionDictionary {
  skills: { id: string; name: string; altLabels?: string[] }[];
  credentials: { id: number; name: string; shortNames?: string[] }[];
  /** The skill labels already hold the derived short forms (canonicalSkillDictionary): derive none. */
  aliasesDerived?: boolean;
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
  /** credential-like phrases the dictionary lacks ("Tableau certification", "Certified Dental Assistant") */
  candidates?: CandidateMention[];
  degreeLevel: DegreeLevel;
  inLieu: boolean;
}

/**
 * What the ingest stores of an extraction: mention ids and levels, the candidates, the degree. The
 * worker pool answers this when asked (`stored`): cloning the full mentions back to the main thread
 * (names, spans, matched text) was ~12% of a worker's time.
 */
export interface StoredExtraction {
  skills: Pick<Mention, 'id' | 'level'>[];
  credentials: Pick<Mention, 'id' | 'level'>[];
  candidates?: CandidateMention[];
  degreeLevel: DegreeLevel;
  inLieu: boolean;
}

export function toStored(x: ExtractionResult): StoredExtraction {
  return {
    skills: x.skills.map((m) => ({ id: m.id, level: m.level })),
    credentials: x.credentials.map((m) => ({ id: m.id, level: m.level })),
    ...(x.candidates?.length ? { candidates: x.candidates } : {}),
    degreeLevel: x.degreeLevel,
    inLieu: x.inLieu,
  };
}

export interface ExtractionHints {
  sections?: Partial<Record<HintSection, string>>;
}

export interface Extractor {
  extract(text: string, hints?: ExtractionHints): ExtractionResult;
  /** dictionary statistics, for logs and benchmarks */
  readonly stats: { phrases: number; states: number; dropped: number };
  /** The built tables: `createExtractor(sameDictionary, { snapshot })` extracts the same without building. */
  snapshot(): ExtractorSnapshot;
}

/**
 * A built extractor's tables (typed arrays and a few lists): cloned to a worker or written to a file
 * (extractor-cache.ts), it gives an extractor without tokenising and compiling ~110k phrases again.
 * Only valid with the dictionary (and deriveAliases) it was built from.
 */
export interface ExtractorSnapshot {
  automaton: AutomatonTables;
  kinds: Uint8Array<ArrayBuffer>;
  caseSensitive: Uint8Array<ArrayBuffer>;
  indices: Int32Array<ArrayBuffer>;
  /** exact raw tokens of the case-sensitive entries */
  caseRaw: [number, string[]][];
  contextEntries: number[];
  knownCredentialKeys: string[];
  dropped: number;
}

export interface ExtractorOptions {
  /** derive "Excel" from "Microsoft Excel", "AWS" from "Amazon Web Services AWS software" (default true) */
  deriveAliases?: boolean;
  /** also report credential-like phrases the dictionary lacks (default true) */
  discover?: boolean;
  /** the tables of an extractor built from this same dictionary: nothing is built */
  snapshot?: ExtractorSnapshot;
}

const LEVEL_RANK: Record<Level, number> = { required: 3, in_lieu: 2, preferred: 1 };

interface Found {
  kind: 0 | 1; // 0 skill, 1 credential
  index: number;
  level: Level;
  start: number;
  end: number;
  matched: string;
  section?: HintSection;
}

/** Builds the word-level automaton once over every skill and credential phrase (or takes a snapshot's). */
export function createExtractor(dict: ExtractionDictionary, options: ExtractorOptions = {}): Extractor {
  const t = options.snapshot ?? buildTables(dict, options);
  const automaton = WordAutomaton.fromTables(t.automaton);
  const kinds = t.kinds;
  const caseSensitive = t.caseSensitive;
  const indices = t.indices;
  const caseRaw = new Map<number, string[]>(t.caseRaw);
  const contextEntries = new Set<number>(t.contextEntries);
  const knownCredentialKeys = new Set<string>(t.knownCredentialKeys);
  const dropped = t.dropped;
  const discover = options.discover ?? true;
  const known = (k: string) => knownCredentialKeys.has(k);

  // scratch buffers reused by every call (extract() is synchronous, so never shared mid-call)
  const tokens = new TokenBuffer();
  const matches = new MatchBuffer();
  /** per token: the longest acceptable match starting there (-1: none) */
  let longestAt = new Int32Array(1024);

  /** A case-sensitive entry matches only text written exactly as in the taxonomy (or with a plural s). */
  const caseOk = (text: string, first: number, e: number): boolean => {
    if (caseSensitive[e] === 0) return true;
    const want = caseRaw.get(e) as string[];
    for (let k = 0; k < want.length; k++) if (!rawTokenIs(text, tokens.starts[first + k], tokens.ends[first + k], want[k])) return false;
    return true;
  };
  const anyCaseOk = (text: string, first: number, state: number): boolean => {
    for (let k = automaton.outputStart(state), end = automaton.outputEnd(state); k < end; k++) if (caseOk(text, first, automaton.payloadAt(k))) return true;
    return false;
  };

  const scanText = (text: string, base: BaseLevel, section: HintSection | undefined, found: Found[]): { structure: TextStructure | null; degrees: DegreeMention[] } => {
    scanTokens(text, automaton.vocab, tokens);
    automaton.scanIds(tokens.ids, tokens.count, matches);
    const degrees = findDegreeMentions(text);
    if (matches.count === 0) return { structure: degrees.length > 0 ? new TextStructure(text, base) : null, degrees };
    // keep the matches with an entry that passes its case rule, then choose leftmost-longest
    // non-overlapping spans: only the longest match starting at a token can be chosen there
    const mf = matches.first;
    const ml = matches.last;
    if (longestAt.length < tokens.count) longestAt = new Int32Array(tokens.count * 2);
    longestAt.fill(-1, 0, tokens.count);
    let lo = tokens.count;
    for (let k = 0; k < matches.count; k++) {
      const f = mf[k];
      const best = longestAt[f];
      if ((best < 0 || ml[k] > ml[best]) && anyCaseOk(text, f, matches.state[k])) longestAt[f] = k;
      if (f < lo) lo = f;
    }
    const structure = new TextStructure(text, base);
    let nextFree = 0;
    const firstFound = found.length;
    let needContext: { at: number; s: Sentence }[] | null = null;
    let lastCredEnd = -1;
    for (let first = lo; first < tokens.count; first++) {
      const k = longestAt[first];
      if (k < 0 || first < nextFree) continue;
      const last = ml[k];
      nextFree = last + 1;
      const start = tokens.starts[first];
      const end = tokens.ends[last];
      const s = structure.sentenceAt(start);
      if (s === null) continue; // inside a heading line: a heading names a section, not a requirement
      const level = mentionLevel(text, s, start, end);
      if (level === null) continue;
      let credLevel: Level | undefined;
      const state = matches.state[k];
      for (let o = automaton.outputStart(state), oe = automaton.outputEnd(state); o < oe; o++) {
        const e = automaton.payloadAt(o);
        if (!caseOk(text, first, e)) continue;
        const kind = kinds[e] as 0 | 1;
        let l = level;
        if (kind === 1) {
          // "non-CDL", "Forklift certification provided", "under the supervision of a registered
          // nurse": named, but not asked of the applicant
          if (
            CREDENTIAL_NEGATED_BEFORE_RE.test(text.slice(Math.max(0, start - 4), start)) ||
            CREDENTIAL_OFFERED_AFTER_RE.test(text.slice(end, end + 24)) ||
            CREDENTIAL_THIRD_PARTY_BEFORE_RE.test(text.slice(Math.max(s.start, start - 120), start))
          )
            continue;
          // "Class A Commercial Driver's License (CDL)": the acronym restates the credential before it
          if (lastCredEnd >= 0 && start - lastCredEnd <= 3 && /^\s*\(\s*$/.test(text.slice(lastCredEnd, start))) continue;
          if (level === 'required') l = credLevel ??= orLinkedToDegree(text, s, start, end, degrees) ? 'in_lieu' : 'required';
          if (contextEntries.has(e)) (needContext ??= []).push({ at: found.length, s });
        }
        found.push({ kind, index: indices[e], level: l, start, end, matched: text.slice(start, end), section });
        if (kind === 1) lastCredEnd = end;
      }
    }
    if (needContext) {
      // an ambiguous short form counts when its sentence has a credential word or another credential
      const drop = new Set<number>();
      for (const { at, s } of needContext) {
        const f = found[at];
        const sentence = text.slice(s.start, s.end);
        const other = found.some((g, j) => j >= firstFound && j !== at && g.kind === 1 && g.start >= s.start && g.end <= s.end && g.index !== f.index);
        if (!other && !CREDENTIAL_CONTEXT_RE.test(sentence)) drop.add(at);
      }
      if (drop.size) {
        let w = firstFound;
        for (let r = firstFound; r < found.length; r++) if (!drop.has(r)) found[w++] = found[r];
        found.length = w;
      }
    }
    return { structure, degrees };
  };

  const extract = (text: string, hints?: ExtractionHints): ExtractionResult => {
    const found: Found[] = [];
    let degreeLevel: DegreeLevel = 0;
    const texts: string[] = [text ?? ''];
    const sections: (HintSection | undefined)[] = [undefined];
    for (const key of ['qualifications', 'skills', 'education'] as const) {
      const t = hints?.sections?.[key];
      if (t) {
        texts.push(t);
        sections.push(key);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i];
      const { structure, degrees } = scanText(t, 'required', sections[i], found);
      if (structure && degrees.length > 0) {
        const l = requiredDegreeLevel(t, structure, degrees);
        if (l > 0 && (degreeLevel === 0 || l < degreeLevel)) degreeLevel = l;
      }
    }
    const skills = merge(found.filter((f) => f.kind === 0), (i) => dict.skills[i]);
    const credFound = found.filter((f) => f.kind === 1);
    const credentials = merge(credFound, (i) => dict.credentials[i]);
    let candidates: CandidateMention[] | undefined;
    if (discover) {
      for (let i = 0; i < texts.length; i++) {
        const spans = credFound.filter((f) => f.section === sections[i]);
        const skillSpans = found.filter((f) => f.kind === 0 && f.section === sections[i]);
        // snippets only for the candidates kept (most hits are catalog credentials), around the hit as found
        for (const hit of findCredentialCandidates(texts[i], known, { snippets: false })) {
          const c = afterListedSkill(texts[i], hit, skillSpans);
          if (c === null || known(c.key)) continue;
          // a phrase around a catalog credential's mention ("CompTIA Security+ certification") is that credential
          if (spans.some((f) => f.start < c.end && f.end > c.start)) continue;
          if (!(candidates ??= []).some((x) => x.key === c.key)) {
            c.snippet = snippetAround(texts[i], hit.start, hit.end);
            candidates.push(c);
          }
        }
      }
    }
    // the equivalent-experience clause only matters once a degree is required
    const inLieu =
      degreeLevel > 0 && (credentials.some((c) => c.level === 'in_lieu') || skills.some((s) => s.level === 'in_lieu') || texts.some((t) => hasEquivalentClause(t)));
    return candidates ? { skills, credentials, degreeLevel, inLieu, candidates } : { skills, credentials, degreeLevel, inLieu };
  };

  function merge(found: Found[], lookup: (i: number) => { id: string | number; name: string }): Mention[] {
    const byIndex = new Map<number, Mention>();
    for (const f of found) {
      const prev = byIndex.get(f.index);
      if (!prev) {
        const d = lookup(f.index);
        // two literal shapes rather than a spread (same keys, same order, much cheaper)
        byIndex.set(
          f.index,
          f.section
            ? { id: d.id, name: d.name, level: f.level, start: f.start, end: f.end, matched: f.matched, section: f.section, occurrences: 1 }
            : { id: d.id, name: d.name, level: f.level, start: f.start, end: f.end, matched: f.matched, occurrences: 1 },
        );
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
    return [...byIndex.values()].sort((a, b) => compareSection(a.section, b.section) || a.start - b.start);
  }

  return { extract, stats: { phrases: automaton.phrases, states: automaton.states, dropped }, snapshot: () => t };
}

/** Tokenises and compiles every phrase of the dictionary: the extractor's tables. */
function buildTables(dict: ExtractionDictionary, options: ExtractorOptions): ExtractorSnapshot {
  const derive = options.deriveAliases ?? !dict.aliasesDerived;
  const automaton = new WordAutomaton();
  // one entry per distinct (kind, index, phrase): the automaton's payload is the entry number
  const entryKind: number[] = [];
  const entryIndex: number[] = [];
  /** exact raw tokens of case-sensitive entries */
  const caseRaw: [number, string[]][] = [];
  /** credential entries that count only with credential context in their sentence */
  const contextEntries: number[] = [];
  const seen = new Set<string>();
  let dropped = 0;

  const addPhrase = (label: string, kind: 0 | 1, index: number): void => {
    const tl = tokenize(label);
    if (tl.norms.length === 0) return;
    const raw = tl.starts.map((s, i) => stripApostrophes(label.slice(s, tl.ends[i])));
    const policy = phrasePolicy(raw, tl.norms);
    if (policy === 'drop') {
      dropped++;
      return;
    }
    const key = `${kind}\u0000${index}\u0000${policy === 'case-sensitive' ? raw.join(' ') : tl.norms.join(' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const e = entryKind.length;
    entryKind.push(kind);
    entryIndex.push(index);
    if (policy === 'case-sensitive') caseRaw.push([e, raw]);
    if (kind === 1 && CONTEXT_CREDENTIAL_FORMS.has(label.trim())) contextEntries.push(e);
    automaton.add(tl.norms, e);
  };

  dict.skills.forEach((s, i) => {
    addPhrase(s.name, 0, i);
    for (const a of s.altLabels ?? []) addPhrase(a, 0, i);
    if (derive) for (const a of deriveSkillAliases(s.name)) addPhrase(a, 0, i);
  });
  /** candidateKey of every credential name and short form: phrases the catalog has are not candidates */
  const knownCredentialKeys = new Set<string>();
  dict.credentials.forEach((c, i) => {
    addPhrase(c.name, 1, i);
    knownCredentialKeys.add(candidateKey(c.name));
    for (const a of c.shortNames ?? []) {
      addPhrase(a, 1, i);
      knownCredentialKeys.add(candidateKey(a));
    }
  });
  seen.clear();
  const kinds = Uint8Array.from(entryKind);
  const caseSensitive = new Uint8Array(kinds.length);
  for (const [e] of caseRaw) caseSensitive[e] = 1;
  return {
    automaton: automaton.toTables(),
    kinds,
    caseSensitive,
    indices: Int32Array.from(entryIndex),
    caseRaw,
    contextEntries,
    knownCredentialKeys: [...knownCredentialKeys],
    dropped,
  };
}

/**
 * "Preferred: Excel and Tableau certification": a skill the dictionary knows, then "and" / "or" / a
 * comma, starts a list inside the phrase, so the credential's name is what follows ("Tableau
 * certification"). Names with a conjunction of their own ("Rigging and Signaling certification")
 * are kept whole. Null when nothing is left.
 */
function afterListedSkill(text: string, c: CandidateMention, skills: readonly Found[]): CandidateMention | null {
  if (c.pattern !== 'name-credential') return c;
  // the last skill inside the phrase (or reaching into it: "Microsoft Excel and ...") that a list word follows
  let start = -1;
  for (const f of skills) {
    if (f.end <= c.start || f.end >= c.end) continue;
    const m = LIST_AFTER_SKILL.exec(text.slice(f.end, c.end));
    if (m && f.end + m[0].length > start) start = f.end + m[0].length;
  }
  if (start < 0) return c;
  const name = text.slice(start, c.end).replace(/\s+/g, ' ').trim();
  const key = candidateKey(name);
  // a credential word alone ("certification") is no name
  if (!key || !/\s/.test(key)) return null;
  return { ...c, key, name, start };
}
const LIST_AFTER_SKILL = /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+|\/\s*)(?=\S)/i;

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

/**
 * Whether text[from, to) with its apostrophes dropped is w or w + "s" (the case-sensitive rule:
 * stripApostrophes(text.slice(from, to)) is w or `${w}s`), without building either string.
 */
function rawTokenIs(text: string, from: number, to: number, w: string): boolean {
  let k = 0;
  const n = w.length;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 39 || c === 0x2019) continue;
    if (k < n) {
      if (c !== w.charCodeAt(k)) return false;
    } else if (k !== n || c !== 115 /* s */) return false;
    k++;
  }
  return k === n || k === n + 1;
}

const APOS_RE = /['\u2019]/g;
function stripApostrophes(s: string): string {
  return s.indexOf("'") < 0 && s.indexOf('\u2019') < 0 ? s : s.replace(APOS_RE, '');
}

// Section names are lower-case ASCII words, for which code-unit order is localeCompare() order
// (and several times cheaper); the main text (no section) sorts first.
function compareSection(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
