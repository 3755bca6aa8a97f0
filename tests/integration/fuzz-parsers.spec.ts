import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INGEST_FORMATS, IngestFatalError, learnerKeyHasher, parseFile, type IngestFormat, type ParseEvent } from '@credpulse/ingest';
import { chunked, FUZZ_SEED, malformedFile, settledHeapMb } from '../fuzz/generators.js';

// Issue 7 fuzz, parsers: generated malformed files per ingest format, fed straight to the parser
// (streamed in random chunks). Each must end in records, rejects or one fatal error, and every
// reject or fatal error says which field and why. Nothing else may escape (a TypeError or a
// RangeError is a crash), and the heap must come back down afterwards. FUZZ_PARSER_RUNS sets the
// files per format: 3,000 by default (CI, ~3 s a format on a quiet machine; every generator branch
// still gets 90+ files), FUZZ_PARSER_RUNS=10000 for the full issue-7 run (see DEVELOPMENT.md).
const RUNS = Number(process.env.FUZZ_PARSER_RUNS ?? 3_000);
const HEAP_GROWTH_LIMIT_MB = 150;
const opts = { file: 'fuzz.input', learnerKey: learnerKeyHasher('fuzz-secret'), now: new Date('2026-11-26T00:00:00Z') };

interface Outcome {
  records: number;
  rejects: number;
  fatal: number;
}

async function parseOne(format: IngestFormat, chunks: Buffer[]): Promise<{ fatal?: string; events: ParseEvent[] }> {
  const events: ParseEvent[] = [];
  try {
    for await (const ev of parseFile(format, Readable.from(chunks), opts)) {
      // keep the verdicts only: a reject's raw text may be large, and records are checked below
      events.push(ev.type === 'record' ? { type: 'record', record: ev.record, loc: ev.loc } : ev);
    }
  } catch (e) {
    // The parser's own "cannot read this file" errors; engine errors (TypeError, RangeError from
    // recursion, ...) are crashes and fail the run.
    if (e instanceof IngestFatalError || (e instanceof Error && e.constructor === Error)) return { fatal: e.message, events };
    throw e;
  }
  return { events };
}

describe('fuzz: ingest parsers never crash on malformed files and always say why', () => {
  for (const [i, format] of INGEST_FORMATS.entries()) {
    it(`${format}: ${RUNS} malformed files`, async () => {
      const before = await settledHeapMb();
      const seen: Outcome = { records: 0, rejects: 0, fatal: 0 };
      await fc.assert(
        fc.asyncProperty(malformedFile(format), fc.array(fc.nat(), { maxLength: 4 }), async (file, cuts) => {
          const { fatal, events } = await parseOne(format, chunked(file, cuts));
          if (fatal !== undefined) {
            seen.fatal++;
            expect(fatal.trim().length, 'a fatal error has a reason').toBeGreaterThan(5);
          }
          for (const ev of events) {
            if (ev.type === 'reject') {
              seen.rejects++;
              expect(ev.issues.length, 'a reject lists its issues').toBeGreaterThan(0);
              for (const issue of ev.issues) {
                expect(typeof issue.field === 'string' && issue.field.length > 0, `reject names a field: ${JSON.stringify(issue)}`).toBe(true);
                expect(typeof issue.reason === 'string' && issue.reason.length > 0, `reject gives a reason: ${JSON.stringify(issue)}`).toBe(true);
                expect(issue.line !== undefined || issue.pointer !== undefined, `reject says where: ${JSON.stringify(issue)}`).toBe(true);
              }
            } else if (ev.type === 'warning') {
              expect(ev.issue.reason.length).toBeGreaterThan(0);
            } else {
              seen.records++;
            }
          }
        }),
        { numRuns: RUNS, seed: FUZZ_SEED + i, endOnFailure: true },
      );
      const after = await settledHeapMb();
      // The generators mix in broken variants of real samples: some must still parse, most must be refused.
      expect(seen.rejects + seen.fatal).toBeGreaterThan(RUNS / 4);
      expect(after - before, `heap grew from ${before.toFixed(0)} MB to ${after.toFixed(0)} MB`).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
    }, 600_000);
  }
});
