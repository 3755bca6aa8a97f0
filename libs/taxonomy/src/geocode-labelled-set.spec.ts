import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getGeocoder } from './geocode.js';
import { readRegions } from './sources.js';

// Agreement of the geocoder with hand-labelled locations (tests/fixtures/geocode/ORIGIN.md): each
// row names the county (or state, or nothing) a careful person assigns; the FIPS codes come from
// the county table by name, so a label is never written from the geocoder's own output.

const read = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../tests/fixtures/geocode/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [text, expected, remote, origin] = l.split('\t');
      return { text, expected, remote: remote === '1', origin };
    });
// development set (used while building) and held-out set (written before the geocoder saw it)
const sets = {
  development: read('locations-labelled.tsv'),
  'held-out': read('locations-heldout.tsv'),
};

describe('geocoder labelled set', () => {
  const { counties, states } = readRegions();
  const countyByName = new Map(counties.map((c) => [`${c.name}, ${c.stateUsps}`, c.fips]));
  const stateByUsps = new Map(states.map((s) => [s.usps, s.fips]));
  const g = getGeocoder();

  it('every label names a county or state of the tables', () => {
    for (const r of Object.values(sets).flat()) {
      for (const e of r.expected.split(' + ').filter(Boolean)) {
        expect(countyByName.has(e) || stateByUsps.has(e), `label "${e}" of "${r.text}"`).toBe(true);
      }
    }
  });

  for (const [name, rows] of Object.entries(sets))
    it(`puts at least 95% of the ${name} locations in the right county (or state, or nowhere)`, () => {
      const wrong: string[] = [];
      for (const r of rows) {
        const want = r.expected
          .split(' + ')
          .filter(Boolean)
          .map((e) => countyByName.get(e) ?? `state:${stateByUsps.get(e)}`)
          .sort();
        const res = g.geocode(r.text);
        const got = res.places.map((p) => p.countyFips ?? `state:${p.stateFips}`).sort();
        if (want.join() !== got.join() || res.remote !== r.remote)
          wrong.push(`${r.text}: want ${want.join('+') || '-'}${r.remote ? ' remote' : ''}, got ${got.join('+') || '-'}${res.remote ? ' remote' : ''}`);
      }
      const accuracy = 1 - wrong.length / rows.length;
      console.log(`geocoder ${name} set: ${rows.length - wrong.length}/${rows.length} right (${(accuracy * 100).toFixed(1)}%)${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`);
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
    });
});
