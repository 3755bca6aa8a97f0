import type { Extractor } from './extractor.js';

// What the ingest benchmark times: extraction alone over posting-like texts, single-threaded.

const FILLER = [
  'We are a growing company looking for a motivated team member to join our operations group.',
  'You will work closely with customers and colleagues to deliver reliable results every day.',
  'Responsibilities include documenting procedures, tracking tasks and reporting progress weekly.',
  'We offer competitive pay, health insurance, paid time off and tuition assistance.',
  'The schedule is Monday through Friday with occasional weekend shifts as needed.',
  'Candidates must be able to lift 50 pounds and stand for extended periods.',
];
const CUES = ['Requirements:', 'Preferred qualifications:', 'Nice to have:', 'Minimum qualifications:'];
const SENTENCES = [
  (a: string, b: string) => `- ${a} and ${b} experience required.`,
  (a: string, b: string) => `- Experience with ${a} is a plus; ${b} preferred.`,
  (a: string, b: string) => `- ${a} certification or equivalent experience in ${b}.`,
  (a: string) => `- Bachelor's degree or ${a} in lieu of a degree.`,
  (a: string) => `- High school diploma or GED; ${a} a plus.`,
];

/** Deterministic ~1 KB posting texts that mention terms from `terms` (e.g. skill and credential names). */
export function syntheticPostingTexts(count: number, terms: readonly string[], seed = 1): string[] {
  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    let len = 0;
    while (len < 1000) {
      const p = rnd(3) === 0 ? `${CUES[rnd(CUES.length)]}\n${SENTENCES[rnd(SENTENCES.length)](terms[rnd(terms.length)], terms[rnd(terms.length)])}` : FILLER[rnd(FILLER.length)];
      parts.push(p);
      len += p.length + 1;
    }
    out.push(parts.join('\n'));
  }
  return out;
}

export interface ExtractionTiming {
  texts: number;
  bytes: number;
  ms: number;
  mbPerSecond: number;
  mentions: number;
}

/** Runs the extractor over every text once and reports the throughput (UTF-16 length counted as bytes). */
export function timeExtraction(extractor: Extractor, texts: readonly string[]): ExtractionTiming {
  let bytes = 0;
  let mentions = 0;
  const t0 = process.hrtime.bigint();
  for (const t of texts) {
    const r = extractor.extract(t);
    bytes += t.length;
    mentions += r.skills.length + r.credentials.length;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { texts: texts.length, bytes, ms, mbPerSecond: bytes / 1e6 / (ms / 1000), mentions };
}
