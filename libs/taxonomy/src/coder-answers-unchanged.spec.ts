import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Geocoder, readGeocoderData } from './geocode.js';
import { OccupationCoder, readOccupationCoderData } from './occupation-coder.js';

// Every answer of the title coder and the geocoder (whole results, JSON) over the labelled sets and
// the real USAJOBS titles, cold and warm caches, as one sha256: speed work must leave it as it is.
// A change meant to change answers updates ANSWERS below and says so (with the labelled sets'
// figures). libs/taxonomy/scripts/coder-answers.mjs covers more (the real samples in full and the
// ingest bench's 10,000 generated postings) and writes the answers out for a diff.
const ANSWERS = '5697254297bea5b96e849575305e820f6e9cdc757bf65393c9885aaffbb8e2de';

const fixture = (p: string) => fileURLToPath(new URL(`../../../tests/fixtures/${p}`, import.meta.url));
const column = (p: string) =>
  readFileSync(fixture(p), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t')[0]);

describe('coders: answers unchanged', () => {
  it('gives the recorded answers over the labelled titles and locations and the real USAJOBS titles', () => {
    const titleSets = ['titles-labelled.tsv', 'titles-heldout.tsv', 'titles-heldout-2.tsv', 'titles-heldout-3.tsv'].map((f) => column(`occupation/${f}`));
    const real = [
      gunzipSync(readFileSync(fixture('bench/usajobs-2019-titles.tsv.gz')))
        .toString('utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t')[0]),
      readFileSync(fixture('samples/usajobs/usajobs_dol_2024_2025_every9th.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(',')[3]),
    ];
    const places = ['locations-labelled.tsv', 'locations-heldout.tsv'].map((f) => column(`geocode/${f}`));
    const coder = new OccupationCoder(readOccupationCoderData());
    const geocoder = new Geocoder(readGeocoderData());
    const sha = createHash('sha256');
    let n = 0;
    const add = (x: unknown) => {
      sha.update(`${JSON.stringify(x)}\n`);
      n++;
    };
    for (const pass of ['cold', 'warm']) {
      if (pass === 'cold') coder.clearCache();
      for (const titles of [...titleSets, ...real]) for (const t of titles) add(coder.code(t));
      for (const titles of titleSets) for (const t of titles) add(coder.code(t, `${t}. Duties include patient care, software, accounting and safety inspections.`));
      if (pass === 'cold') geocoder.clearCache();
      for (const list of places) for (const t of list) add(geocoder.geocode(t));
    }
    expect(n).toBe(2 * (467 + 5406 + 198 + 467 + 345));
    expect(sha.digest('hex')).toBe(ANSWERS);
  });
});
