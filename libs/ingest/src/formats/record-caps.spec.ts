import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { getGeocoder, getOccupationCoder } from '@credpulse/taxonomy';
import { parseFile } from './index.js';
import { MAX_FIELD_CHARS } from './limits.js';
import type { IngestFormat, ParseEvent, PostingRecord } from './types.js';
import { learnerKeyHasher } from './util.js';

// Oversized values and NUL bytes cost one record, never the file, the CPU or the memory (issue 20:
// a 50 MB CSV field took 27 s and 1 GB; one NUL failed a whole postings file).

const opts = (file: string) => ({ file, learnerKey: learnerKeyHasher('unit-test-secret'), now: new Date('2026-11-26T00:00:00Z') });

/** The text streamed in 64 KB chunks, as a file or an upload arrives; `big` parts are generated, not held. */
function* chunks(parts: (string | { repeat: string; times: number })[], size = 65_536): Generator<Buffer> {
  for (const p of parts) {
    if (typeof p === 'string') {
      for (let i = 0; i < p.length; i += size) yield Buffer.from(p.slice(i, i + size));
    } else {
      const block = p.repeat.repeat(Math.ceil(size / p.repeat.length));
      let left = p.times * p.repeat.length;
      while (left > 0) {
        const n = Math.min(left, block.length);
        yield Buffer.from(block.slice(0, n));
        left -= n;
      }
    }
  }
}

async function run(format: IngestFormat, parts: (string | { repeat: string; times: number })[]): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  for await (const ev of parseFile(format, Readable.from(chunks(parts)), opts('f'))) out.push(ev);
  return out;
}
const records = (evs: ParseEvent[]) => evs.flatMap((e) => (e.type === 'record' ? [e.record] : []));
const rejects = (evs: ParseEvent[]) => evs.flatMap((e) => (e.type === 'reject' ? e.issues : []));

describe('per-record caps and NUL bytes', () => {
  // The title coder and the geocoder are built once per process on first use (about a second): build
  // them before the timed parses so the timings measure the parser.
  beforeAll(() => {
    getGeocoder();
    getOccupationCoder();
  }, 60_000);

  it('a 50 MB unquoted CSV field rejects its row only, quickly and with flat memory', async () => {
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const evs = await run('postings-csv', ['title,posted_date,description\nA,2025-01-02,ok\nB,2025-01-03,', { repeat: 'x', times: 50 << 20 }, '\nC,2025-01-04,ok\n']);
    const ms = performance.now() - t0;
    expect(records(evs).map((r) => (r as PostingRecord).title)).toEqual(['A', 'C']);
    expect(rejects(evs)).toEqual([expect.objectContaining({ line: 3, field: '(row)', reason: expect.stringMatching(/longer than 1 MB.*skipped/) })]);
    expect(ms).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(64 << 20);
  });

  it('a 3 MB quoted field with quotes and line breaks inside is skipped to its real end; the next row keeps its line number', async () => {
    const evs = await run('postings-csv', ['title,posted_date,description\nB,2025-01-03,"', { repeat: 'a ""quoted"", b\nnext,', times: 150_000 }, '"\nC,2025-01-04,ok\n']);
    expect(records(evs).map((r) => (r as PostingRecord).title)).toEqual(['C']);
    const [issue] = rejects(evs);
    expect(issue).toMatchObject({ line: 2, reason: expect.stringMatching(/longer than 1 MB/) });
    // row C starts after the 150,000 line breaks inside the skipped field
    const c = evs.find((e) => e.type === 'record');
    expect(c?.type === 'record' && c.loc.line).toBe(3 + 150_000);
  });

  it('a field just under the cap is accepted', async () => {
    const evs = await run('postings-csv', ['title,posted_date,description\nB,2025-01-03,', { repeat: 'y', times: MAX_FIELD_CHARS - 100 }, '\n']);
    expect(records(evs)).toHaveLength(1);
  });

  it('one NUL byte in a postings CSV rejects that row, naming the field; the other rows load', async () => {
    const evs = await run('postings-csv', ['title,posted_date,employer\nA,2025-01-02,Acme\nB,2025-01-03,Ev\u0000il\nC,2025-01-04,Co\n']);
    expect(records(evs).map((r) => (r as PostingRecord).title)).toEqual(['A', 'C']);
    expect(rejects(evs)).toEqual([expect.objectContaining({ line: 3, field: 'employer', reason: expect.stringMatching(/NUL/) })]);
  });

  it('a NUL in a row rejected for another reason does not reach the stored raw text', async () => {
    const evs = await run('postings-csv', ['title,posted_date\nA\u0000,not-a-date\n']);
    const rej = evs.find((e) => e.type === 'reject');
    expect(rej?.type === 'reject' && rej.raw).not.toContain('\u0000');
    expect(JSON.stringify(rejects(evs))).not.toContain('\\u0000');
  });

  it('a JSON posting over 1 MB in an array is rejected by its pointer; its neighbours load', async () => {
    const small = (t: string) => JSON.stringify({ '@type': 'JobPosting', title: t, datePosted: '2025-01-02', hiringOrganization: { name: 'Acme' }, jobLocation: { address: { addressRegion: 'WA' } } });
    const evs = await run('jobposting', [`[${small('A')},{"@type":"JobPosting","title":"B","description":"`, { repeat: 'z', times: 2 << 20 }, `"},${small('C')}]`]);
    expect(records(evs).map((r) => (r as PostingRecord).title)).toEqual(['A', 'C']);
    expect(rejects(evs)).toEqual([expect.objectContaining({ pointer: '/1', reason: expect.stringMatching(/larger than 1 MB; skipped/) })]);
  });

  it('a JSON string holding \\u0000 rejects that posting only', async () => {
    const evs = await run('jobposting', [
      JSON.stringify([
        { '@type': 'JobPosting', title: 'A', datePosted: '2025-01-02', hiringOrganization: { name: 'Ac\u0000me' }, jobLocation: { address: { addressRegion: 'WA' } } },
        { '@type': 'JobPosting', title: 'B', datePosted: '2025-01-02', hiringOrganization: { name: 'Acme' }, jobLocation: { address: { addressRegion: 'WA' } } },
      ]),
    ]);
    expect(records(evs).map((r) => (r as PostingRecord).title)).toEqual(['B']);
    expect(rejects(evs)[0]).toMatchObject({ pointer: '/0', reason: expect.stringMatching(/NUL/) });
  });

  it('a VC-JWT line over 1 MB is rejected by line; the file goes on', async () => {
    const evs = await run('obv3', ['eyJhbGciOiJFZERTQSJ9.', { repeat: 'Q', times: 2 << 20 }, '.sig\nnot-a-jwt\n']);
    expect(rejects(evs).map((i) => [i.line, /longer than 1 MB/.test(i.reason)])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
