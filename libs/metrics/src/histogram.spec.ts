import { describe, expect, it } from 'vitest';
import { densePercentileCont, histPercentileCont, type HistBin } from './histogram.js';

describe('densePercentileCont', () => {
  it('gives exactly what histPercentileCont gives over the occupied bins', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const value = (j: number) => (j - 40) * 250 + 125;
    for (let t = 0; t < 500; t++) {
      const width = 1 + Math.floor(rnd() * 90);
      const offset = Math.floor(rnd() * 5);
      const counts = new Float64Array(offset + width + 3).fill(99); // values outside [offset, offset + width) are not read
      const bins: HistBin[] = [];
      let total = 0;
      for (let j = 0; j < width; j++) {
        const n = rnd() < 0.4 ? 0 : 1 + Math.floor(rnd() * (rnd() < 0.2 ? 500 : 5));
        counts[offset + j] = n;
        if (n > 0) bins.push({ value: value(j), n });
        total += n;
      }
      for (const p of [0, 0.25, 0.5, 0.75, 1, rnd()]) {
        expect(densePercentileCont(counts, offset, width, total, value, p)).toBe(histPercentileCont(bins, p));
      }
    }
  });

  it('is null for an empty histogram', () => {
    expect(densePercentileCont(new Float64Array(4), 0, 4, 0, (j) => j, 0.5)).toBeNull();
  });
});
