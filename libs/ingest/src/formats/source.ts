import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_CHARS } from './limits.js';

/** The first non-blank character of a stream (BOM skipped), and the stream itself, unconsumed. */
export async function peek(source: AsyncIterable<Buffer | string>): Promise<{ first: string; stream: AsyncIterable<Buffer | string> }> {
  const it = source[Symbol.asyncIterator]();
  const head: (Buffer | string)[] = [];
  let first = '';
  const decoder = new StringDecoder('utf8');
  while (first === '') {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    const s = typeof r.value === 'string' ? r.value : decoder.write(r.value);
    const m = /[^\s\uFEFF]/.exec(s);
    if (m) first = m[0];
  }
  async function* replay(): AsyncGenerator<Buffer | string> {
    yield* head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { first, stream: replay() };
}

/**
 * Lines of a stream with 1-based numbers (LF or CRLF), one line in memory at a time. A line longer
 * than MAX_LINE_CHARS comes back as `{ text: '', tooLong: true }` and is not kept.
 */
export async function* readLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<{ text: string; line: number; tooLong?: true }> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let line = 0;
  let skipping = false;
  for await (const chunk of source) {
    let s = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (skipping) {
      const nl = s.indexOf('\n');
      if (nl < 0) continue;
      line++;
      yield { text: '', line, tooLong: true };
      skipping = false;
      s = s.slice(nl + 1);
    }
    s = rest + s;
    let start = 0;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', start)) {
      line++;
      if (i - start > MAX_LINE_CHARS) yield { text: '', line, tooLong: true };
      else yield { text: s.slice(start, i > start && s.charCodeAt(i - 1) === 13 ? i - 1 : i).replace(/^\uFEFF/, ''), line };
      start = i + 1;
    }
    rest = s.slice(start);
    if (rest.length > MAX_LINE_CHARS) {
      rest = '';
      skipping = true;
    }
  }
  if (skipping) {
    yield { text: '', line: line + 1, tooLong: true };
    return;
  }
  rest += decoder.end();
  if (rest !== '') yield { text: rest.replace(/\r$/, '').replace(/^\uFEFF/, ''), line: line + 1 };
}

/** Reads a whole (small) stream: used only for HTML pages, which hold a handful of JSON-LD blocks. */
export async function readAll(source: AsyncIterable<Buffer | string>, limitBytes = 16 * 1024 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of source) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    n += b.length;
    if (n > limitBytes) throw new Error(`an HTML page over ${limitBytes / 1024 / 1024} MB is not a job posting page`);
    parts.push(b);
  }
  return Buffer.concat(parts).toString('utf8');
}
