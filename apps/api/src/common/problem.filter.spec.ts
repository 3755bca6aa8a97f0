import { describe, expect, it } from 'vitest';
import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter.js';

// Database errors caused by input are 400 with a generic reason: the raw PostgreSQL message names
// types, columns and values, and tells an attacker what the SQL looks like.

function answer(err: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
    setHeader: () => res,
    status: (s: number) => ((out.status = s), res),
    type: () => res,
    send: (b: string) => ((out.body = JSON.parse(b)), res),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: '/api/x' }) }) } as unknown as ArgumentsHost;
  new ProblemFilter().catch(err, host);
  return out;
}

describe('database errors in answers', () => {
  it.each([
    ['22003', 'value "99999999999" is out of range for type integer', /number.*out of range/],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00', /NUL byte or invalid UTF-8/],
    ['22P02', 'invalid input syntax for type integer: "abc"', /wrong format/],
    ['23503', 'insert or update on table "x" violates foreign key constraint "fk"', /conflicts with the stored data/],
  ])('code %s is a 400 with a generic detail, not the database text', (code, message, expected) => {
    const { status, body } = answer(Object.assign(new Error(message), { code }));
    expect(status).toBe(400);
    expect(body.detail).toMatch(expected);
    expect(JSON.stringify(body)).not.toContain(message.slice(0, 20));
  });
});
