import { badParameter } from '../../common/problem.js';

/** A search text split for SQL: lower-cased, LIKE wildcards escaped. */
export interface SearchTerms {
  /** The trimmed text as sent (echoed back). */
  text: string;
  /** Lower-cased text, for exact comparisons. */
  exact: string;
  /** `<escaped text>%`, for prefix matches. */
  prefix: string;
  /** `%<escaped word>%` per word, for "contains every word" matches. */
  words: string[];
}

const MAX_Q = 200;

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Reads ?q= (optional, at most 200 characters). */
export function searchTerms(raw: unknown): SearchTerms {
  if (raw !== undefined && typeof raw !== 'string') throw badParameter('q', 'q must be given once, as text.');
  const text = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (text.length > MAX_Q) throw badParameter('q', `q is ${text.length} characters long; at most ${MAX_Q} are accepted.`);
  // PostgreSQL text cannot hold NUL or lone surrogates: refuse them here rather than fail in the query.
  if (/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) throw badParameter('q', 'q holds a NUL character or broken UTF-16; send plain text.');
  const exact = text.toLowerCase();
  const words = exact.split(' ').filter(Boolean).map((w) => `%${escapeLike(w)}%`);
  return { text, exact, prefix: `${escapeLike(exact)}%`, words };
}

/** Reads ?limit= as an integer in [1, max], defaulting to `def`. */
export function limitParam(raw: unknown, def: number, max: number): number {
  if (raw === undefined || raw === '') return def;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw badParameter('limit', `limit must be a whole number from 1 to ${max}; got "${String(raw)}".`);
  const n = Number(raw);
  if (n < 1 || n > max) throw badParameter('limit', `limit must be from 1 to ${max}; got ${n}.`);
  return n;
}

/** Reads an optional parameter that must be one of `allowed`. */
export function oneOf<T extends string>(name: string, raw: unknown, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw badParameter(name, `${name} must be one of ${allowed.join(', ')}; got "${String(raw)}".`, allowed, typeof raw === 'string' ? raw : undefined);
  }
  return raw as T;
}
