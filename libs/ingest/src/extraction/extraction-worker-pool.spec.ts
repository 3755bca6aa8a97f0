import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractionPool, createExtractor, syntheticPostingTexts, toStored, type ExtractionDictionary, type ExtractionInput, type ExtractionPool } from './index.js';

// The pool runs the compiled worker (libs/ingest/dist): build it first (incremental, quick when
// nothing changed).
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dict = JSON.parse(readFileSync(`${root}tests/fixtures/extraction/dictionary.json`, 'utf8')) as ExtractionDictionary;

describe('extraction-on-worker-threads', () => {
  let pool: ExtractionPool;
  beforeAll(() => {
    execFileSync(`${root}node_modules/.bin/tsc`, ['-b', 'libs/ingest/tsconfig.lib.json'], { cwd: root, stdio: 'pipe' });
    pool = createExtractionPool({ dictionary: dict, threads: 2, chunkSize: 7 });
  }, 240_000);
  afterAll(() => pool?.close());

  it('returns, in input order, exactly what the single-threaded extractor returns', async () => {
    const terms = [...dict.skills.map((s) => s.name), ...dict.credentials.flatMap((c) => [c.name, ...(c.shortNames ?? [])])];
    const texts = syntheticPostingTexts(150, terms, 3);
    const inputs: ExtractionInput[] = texts.map((text, i) => (i % 5 === 0 ? { text, hints: { sections: { qualifications: 'CompTIA Security+ preferred', education: "Bachelor's degree" } } } : text));
    const local = createExtractor(dict);
    const expected = inputs.map((x) => (typeof x === 'string' ? local.extract(x) : local.extract(x.text, x.hints)));
    const got = await pool.extractBatch(inputs);
    expect(got).toHaveLength(inputs.length);
    expect(got).toEqual(expected);
    expect(got.reduce((n, r) => n + r.skills.length + r.credentials.length, 0)).toBeGreaterThan(150);
    expect(got[0].credentials.some((c) => c.section === 'qualifications' && c.level === 'preferred')).toBe(true);
    // the stored part only (what the ingest writes): ids, levels, candidates, degree
    expect(await pool.extractStoredBatch(inputs)).toEqual(expected.map(toStored));
  }, 60_000);

  it('answers concurrent batches independently and an empty batch with nothing', async () => {
    const [a, b, none] = await Promise.all([pool.extractBatch(['CCNA required.']), pool.extractBatch(['Python preferred.', 'No degree required.']), pool.extractBatch([])]);
    expect(a[0].credentials.map((c) => c.level)).toEqual(['required']);
    expect(b.map((r) => r.degreeLevel)).toEqual([0, 0]);
    expect(none).toEqual([]);
  });

  it('reports a worker that cannot build its extractor, and refuses work after close()', async () => {
    const broken = createExtractionPool({ dictionary: { skills: 'nope' } as unknown as ExtractionDictionary, threads: 1 });
    await expect(broken.ready()).rejects.toThrow(/extraction worker failed to start/);
    await expect(broken.extractBatch(['Python'])).rejects.toThrow(/extraction worker/);
    await broken.close();
    const closing = createExtractionPool({ dictionary: dict, threads: 1 });
    await closing.ready();
    await closing.close();
    await expect(closing.extractBatch(['Python'])).rejects.toThrow(/closed/);
  });
});
