import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { Extractor } from '@credpulse/ingest';
import { formatExtraction, loadExtractionDictionary, loadExtractor, readExtractInput } from '../../apps/api/src/cli/commands/extract.command.js';
import { openTestDataSource } from './support/test-db.js';

// `credpulse extract` against the loaded taxonomies: the full O*NET + ESCO skill table and the
// credential catalog, through the same functions the command runs.
describe('extract command over the loaded dictionaries', () => {
  let ds: DataSource;
  let extractor: Extractor;
  let securityPlusId: number;
  beforeAll(async () => {
    ds = await openTestDataSource();
    extractor = await loadExtractor(ds);
    const [row] = await ds.query(`SELECT id FROM credential WHERE name = 'CompTIA Security+'`);
    securityPlusId = row.id;
  }, 120_000);
  afterAll(() => ds.destroy());

  it('builds one automaton over every skill label and credential short name in the database', async () => {
    const dict = await loadExtractionDictionary(ds);
    // one entry per skill concept: every skill that is not folded into another
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM skill WHERE canonical_id IS NULL');
    expect(dict.skills).toHaveLength(n);
    expect(dict.credentials.length).toBeGreaterThan(50);
    expect(extractor.stats.phrases).toBeGreaterThan(dict.skills.length);
  });

  it('finds catalog credentials by short form and taxonomy skills, with levels, spans, degree and in-lieu flag', () => {
    const text = "Requirements:\n- Bachelor's degree in IT, or Security+ in lieu of a degree\n- Experience with Python and Microsoft Excel\nPreferred:\n- CCNA";
    const r = extractor.extract(text);
    const sec = r.credentials.find((c) => c.id === securityPlusId);
    expect(sec).toMatchObject({ level: 'in_lieu', matched: 'Security+' });
    expect(text.slice(sec!.start, sec!.end)).toBe('Security+');
    expect(r.credentials.find((c) => c.name.includes('CCNA'))?.level).toBe('preferred');
    const python = r.skills.filter((s) => s.matched === 'Python');
    expect(python.length).toBeGreaterThan(0);
    expect(python.every((s) => s.level === 'required')).toBe(true);
    expect(r.skills.some((s) => s.name === 'Microsoft Excel' && s.level === 'required')).toBe(true);
    expect(r).toMatchObject({ degreeLevel: 3, inLieu: true });
    // common-word ESCO labels ("manage", "guide") must not flood the result
    expect(extractor.extract('You will manage and guide a small team.').skills).toEqual([]);
  });

  it('prints a readable report and reads text from stdin or names the unreadable file', async () => {
    const out = formatExtraction(extractor.extract('CompTIA Security+ required. No degree required.'));
    expect(out).toMatch(/credentials \(1\)\n {2}required {2}\d+ +CompTIA Security\+ {2}\[0, 17\) "CompTIA Security\+"/);
    expect(out).toContain('degree level: 0 (none)');
    const stdin = new PassThrough();
    stdin.end('PMP preferred');
    await expect(readExtractInput(undefined, stdin)).resolves.toBe('PMP preferred');
    await expect(readExtractInput('/nonexistent/posting.txt')).rejects.toThrow('/nonexistent/posting.txt: cannot read the file (no such file)');
  });
});
