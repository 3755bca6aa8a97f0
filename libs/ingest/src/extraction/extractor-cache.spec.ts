import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCachedExtractor, decodeSnapshot, encodeSnapshot, extractorKey, type CachedExtractorInfo } from './extractor-cache.js';
import { createExtractor, type ExtractionDictionary } from './extractor.js';

const dict: ExtractionDictionary = {
  skills: [
    { id: 's1', name: 'Python (computer programming)', altLabels: ['Python'] },
    { id: 's2', name: 'Microsoft Excel' },
    { id: 's3', name: 'Go', altLabels: [] },
    { id: 's4', name: 'SQL' },
  ],
  credentials: [
    { id: 1, name: 'Commercial Driver’s License', shortNames: ['CDL'] },
    { id: 2, name: 'CompTIA Security+', shortNames: ['Security+'] },
    { id: 3, name: 'Certified Public Accountant', shortNames: ['CPA', 'A+'] },
  ],
};
const texts = [
  'Requirements:\n- Python and SQL\n- Excel a plus\nPreferred: CompTIA Security+ certification',
  "Bachelor's degree or CDL Class A in lieu of a degree. No CPA required. Go experience preferred; sql is not SQL.",
  'A+ customer service. A+ certification required. Tableau certification is a plus.',
];

const dir = mkdtempSync(join(tmpdir(), 'credpulse-extractor-cache-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extractor file cache', () => {
  it('a snapshot gives an extractor with the same results and stats, written and read back', () => {
    const built = createExtractor(dict);
    const again = createExtractor(dict, { snapshot: decodeSnapshot(encodeSnapshot(built.snapshot())) });
    expect(again.stats).toEqual(built.stats);
    for (const t of texts) expect(again.extract(t)).toEqual(built.extract(t));
  });

  it('builds and writes once, then reads the file; another dictionary has another key', () => {
    const prev = process.env.CREDPULSE_EXTRACTOR_CACHE;
    process.env.CREDPULSE_EXTRACTOR_CACHE = dir;
    try {
      const seen: CachedExtractorInfo[] = [];
      const a = createCachedExtractor(dict, {}, (i) => seen.push(i));
      const b = createCachedExtractor(dict, {}, (i) => seen.push(i));
      expect(seen.map((s) => s.source)).toEqual(['built', 'file']);
      expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
      const plain = createExtractor(dict);
      for (const t of texts) {
        expect(a.extract(t)).toEqual(plain.extract(t));
        expect(b.extract(t)).toEqual(plain.extract(t));
      }
      const other = { ...dict, skills: [...dict.skills, { id: 's5', name: 'Tableau' }] };
      expect(extractorKey(other)).not.toBe(extractorKey(dict));
      expect(extractorKey(dict, { deriveAliases: false })).not.toBe(extractorKey(dict));
      // a damaged file is rebuilt, not trusted
      writeFileSync(seen[1].file as string, 'not a snapshot');
      const c = createCachedExtractor(dict, {}, (i) => seen.push(i));
      expect(seen[2].source).toBe('built');
      for (const t of texts) expect(c.extract(t)).toEqual(plain.extract(t));
    } finally {
      if (prev === undefined) delete process.env.CREDPULSE_EXTRACTOR_CACHE;
      else process.env.CREDPULSE_EXTRACTOR_CACHE = prev;
    }
  });
});
