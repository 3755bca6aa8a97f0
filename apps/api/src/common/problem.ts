import { HttpStatus } from '@nestjs/common';
import type { ProblemDetails, ProblemFieldError } from '@credpulse/contracts';

/** A domain error that the ProblemFilter turns into RFC 9457 application/problem+json. */
export class Problem extends Error {
  /** Response headers that go with the problem (e.g. Retry-After on 429). */
  headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: { errors?: ProblemFieldError[]; parameter?: string; allowed?: string[]; suggestion?: string } = {},
  ) {
    super(detail);
  }

  withHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }

  toBody(instance?: string): ProblemDetails {
    return {
      type: `https://credpulse.dev/problems/${slug(this.title)}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

/** 400 for a query parameter, naming it and what is allowed, with a close match where one exists. */
export function badParameter(parameter: string, detail: string, allowed?: readonly string[], got?: string): Problem {
  const suggestion = allowed && got !== undefined ? closestMatch(got, allowed) : undefined;
  return new Problem(HttpStatus.BAD_REQUEST, 'Invalid parameter', detail + (suggestion ? ` Did you mean "${suggestion}"?` : ''), {
    parameter,
    ...(allowed ? { allowed: allowed.slice(0, 50) } : {}),
    ...(suggestion ? { suggestion } : {}),
  });
}

/** Largest value of PostgreSQL integer (int4) and of a bigint id JavaScript holds exactly. */
export const INT4_MAX = 2_147_483_647;
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER;

/**
 * A path or query id checked against its column type before it reaches SQL: a positive whole
 * number up to `max` (int4 by default), else 400 naming the parameter (never the database's own
 * "out of range for type integer").
 */
export function parseId(parameter: string, raw: unknown, max = INT4_MAX): number {
  const s = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
  const n = /^\d{1,16}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw badParameter(parameter, `${parameter} must be a whole number from 1 to ${max}, got "${String(raw).slice(0, 40)}".`);
  return n;
}

export function notFound(detail: string): Problem {
  return new Problem(HttpStatus.NOT_FOUND, 'Not found', detail);
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The allowed value with the smallest edit distance, if it is close enough to be a typo. */
export function closestMatch(got: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const g = got.toLowerCase();
  for (const a of allowed) {
    const d = levenshtein(g, a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(got.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 200;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
