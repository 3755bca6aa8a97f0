import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Problem } from './problem.js';

// Postgres error classes that mean "the input was bad", not "the server broke".
// (22021: a NUL or a byte sequence that is not UTF-8 in a text parameter; 22P05: the same inside JSON.)
const CLIENT_PG_CODES = new Set(['22021', '22P05', '22P02', '22003', '22007', '22008', '22001', '23502', '23503', '23505', '23514']);
const CLIENT_PG_DETAIL: Record<string, string> = {
  '22003': 'A number in the request is out of range.',
  '22021': 'The request holds a character that cannot be stored (a NUL byte or invalid UTF-8).',
  '22P05': 'The request holds a character that cannot be stored (a NUL byte or invalid UTF-8).',
  '22P02': 'A value in the request has the wrong format.',
  '22007': 'A date or time in the request has the wrong format.',
  '22008': 'A date or time in the request is out of range.',
  '22001': 'A value in the request is too long.',
  '23': 'The request conflicts with the stored data (a missing, duplicate or invalid reference).',
};
// Connection-level failures: the database is down or restarting; answer 503 so clients retry.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

/** Maps every error to RFC 9457 application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500 && problem.status !== 503) this.log.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody(req.originalUrl?.split('?')[0])));
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof Problem) return e;
    if (e instanceof HttpException) {
      const body = e.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? e.message);
      const title = e.getStatus() === 413 ? 'Payload too large' : e.getStatus() === 429 ? 'Too many requests' : e.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
      return new Problem(e.getStatus(), title, Array.isArray(detail) ? detail.join('; ') : detail);
    }
    const err = e as { code?: string; type?: string; status?: number; message?: string };
    // body-parser errors (malformed JSON, too large) carry status and type
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      const title = err.status === 413 ? 'Payload too large' : 'Bad request';
      return new Problem(err.status, title, err.message ?? 'The request could not be read');
    }
    if (err?.code && CLIENT_PG_CODES.has(err.code)) {
      // never the database's own words (they name types, columns and values): a generic reason
      this.log.warn(`database refused a value (${err.code}): ${err.message ?? ''}`);
      return new Problem(400, 'Bad request', CLIENT_PG_DETAIL[err.code] ?? CLIENT_PG_DETAIL[err.code.slice(0, 2)] ?? 'A value in the request is not valid.');
    }
    if (err?.code && UNAVAILABLE_CODES.has(err.code)) return new Problem(503, 'Service unavailable', 'The database is not reachable right now; retry shortly.');
    if (err?.message && /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(err.message)) {
      return new Problem(503, 'Service unavailable', 'The database is not reachable right now; retry shortly.');
    }
    return new Problem(500, 'Internal server error', 'An unexpected error occurred; it has been logged.');
  }
}
