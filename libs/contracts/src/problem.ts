import { z } from 'zod';

/** One rejected field or record; ingest errors carry the file and the line or JSON pointer. */
export const ProblemFieldError = z
  .object({
    /** File name the record came from (ingest). */
    file: z.string().optional().describe('File name the record came from (ingest).'),
    /** 1-based line number for line-oriented inputs (CSV, JSON Lines). */
    line: z.number().int().optional().describe('1-based line number for line-oriented inputs (CSV, JSON Lines).'),
    /** RFC 6901 JSON pointer for JSON documents. */
    pointer: z.string().optional().describe('RFC 6901 JSON pointer for JSON documents.'),
    /** The field or parameter at fault. */
    field: z.string().describe('The field or parameter at fault.'),
    /** What is wrong, in words a person can act on. */
    reason: z.string().describe('What is wrong, in words a person can act on.'),
  })
  .meta({ id: 'ProblemFieldError' });
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

/** RFC 9457 problem details, as every error response of the API (media type application/problem+json). */
export const ProblemDetails = z
  .object({
    type: z.string().describe('URI naming the kind of problem, e.g. https://credpulse.dev/problems/invalid-parameter.'),
    title: z.string().describe('Short summary of the kind of problem.'),
    status: z.number().int().min(400).max(599).describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request, in words a person can act on.'),
    instance: z.string().optional().describe('The request path this problem is about (no query string).'),
    /** The query parameter at fault, for 400s on metric filters. */
    parameter: z.string().optional().describe('The query parameter (or body field) at fault.'),
    /** The values that parameter accepts (possibly abbreviated). */
    allowed: z.array(z.string()).optional().describe('Values the parameter accepts (at most 50 listed).'),
    /** The closest allowed value to what was sent, when one is close. */
    suggestion: z.string().optional().describe('The closest allowed value to what was sent, when one is close.'),
    errors: z.array(ProblemFieldError).optional().describe('Per-field or per-record errors (request bodies, ingest).'),
  })
  .meta({ id: 'ProblemDetails', description: 'RFC 9457 problem details; every error answer is application/problem+json with this body.' });
export type ProblemDetails = z.infer<typeof ProblemDetails>;
