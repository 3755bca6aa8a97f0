import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getOccupationCoder } from './occupation-coder.js';

// Agreement of the title coder with hand-labelled titles (tests/fixtures/occupation/ORIGIN.md):
// exact SOC and major group, over the titles it codes and over all (an abstention counts wrong).

const read = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../tests/fixtures/occupation/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [title, soc, origin] = l.split('\t');
      return { title, soc, origin };
    });
const sets = {
  development: read('titles-labelled.tsv'),
  'held-out': read('titles-heldout.tsv'),
  'held-out 2': read('titles-heldout-2.tsv'),
  'held-out 3': read('titles-heldout-3.tsv'),
};

describe('occupation coder labelled set', () => {
  const coder = getOccupationCoder();
  it('every label is a detailed SOC 2018 code', () => {
    for (const r of Object.values(sets).flat()) expect(coder.socTitle(r.soc), `${r.title}: ${r.soc}`).toBeDefined();
  });
  for (const [name, rows] of Object.entries(sets)) {
    it(`codes the ${name} titles: at least 80% exact SOC and 90% major group`, () => {
      let exact = 0;
      let major = 0;
      let coded = 0;
      const wrong: string[] = [];
      for (const r of rows) {
        const c = coder.code(r.title);
        if (c.soc) coded++;
        if (c.soc === r.soc) exact++;
        if (c.soc?.slice(0, 2) === r.soc.slice(0, 2)) major++;
        if (c.soc !== r.soc) wrong.push(`${r.title}: want ${r.soc}, got ${c.soc ?? `none (${c.alternatives[0]?.soc} ${c.confidence})`} ${c.method} ${c.confidence} [${c.matched}]`);
      }
      const pct = (n: number) => `${((100 * n) / rows.length).toFixed(1)}%`;
      console.log(
        `occupation coder ${name} set (${rows.length}): exact SOC ${exact} (${pct(exact)}), major group ${major} (${pct(major)}), coded ${coded} (${pct(coded)}), abstained ${rows.length - coded}\n  ${wrong.join('\n  ')}`,
      );
      expect(exact / rows.length).toBeGreaterThanOrEqual(0.8);
      expect(major / rows.length).toBeGreaterThanOrEqual(0.9);
    });
  }
});
