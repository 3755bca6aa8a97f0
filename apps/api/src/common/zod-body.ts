import { HttpStatus } from '@nestjs/common';
import type { ProblemFieldError } from '@credpulse/contracts';
import type { z } from 'zod';
import { Problem } from './problem.js';

/**
 * Checks a JSON request body against its contract schema: the parsed value, or 400 problem+json
 * whose `errors` name each field with a JSON pointer and a reason (unknown fields included).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, title: string): z.output<S> {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  throw invalidBody(title, issuesToErrors(r.error.issues));
}

export function issuesToErrors(issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ pointer: `${pointer(i.path)}/${k}`, field: k, reason: `unknown field "${k}"` });
      continue;
    }
    const field = i.path.length ? String(i.path[0]) : 'body';
    const got = i.code === 'invalid_type' && i.input === undefined ? `${field} is required` : i.message;
    out.push({ pointer: pointer(i.path), field, reason: i.path.length === 0 && i.code === 'invalid_type' ? 'the body must be a JSON object' : got });
  }
  return out;
}

export function invalidBody(title: string, errors: ProblemFieldError[]): Problem {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new Problem(HttpStatus.BAD_REQUEST, title, `${first.pointer || '/'}: ${first.reason}${more}`, { errors });
}

function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
