import { describe, expect, it } from 'vitest';
import { withoutZip } from './geocode.js';

// withoutZip replaced a RegExp built per ZIP; it must cut exactly what that RegExp cut.
const byRegExp = (s: string, zip: string) => s.replace(new RegExp(`\\b${zip}(-\\d{4})?\\b`), ' ');

describe('geocoder: taking the ZIP out of a location', () => {
  it('cuts what the per-ZIP RegExp cut, on the forms postings write and on edge cases', () => {
    const cases: [string, string][] = [
      ['Austin, TX 78701', '78701'],
      ['Austin, TX 78701-1234', '78701'],
      ['78701 Austin TX', '78701'],
      ['Austin TX 78701-12345', '78701'],
      ['Austin TX 78701-123', '78701'],
      ['Austin TX 78701-1234x', '78701'],
      ['Austin TX 787011 78701', '78701'],
      ['Austin TX x78701 78701', '78701'],
      ['Austin TX 78701_ 78701', '78701'],
      ['111111 11111', '11111'],
      ['11111-11111 11111-1111', '11111'],
      ['Suite 12345, Austin, TX 12345', '12345'],
      ['(78701)', '78701'],
      ['78701', '78701'],
      ['no zip here', '78701'],
    ];
    for (const [s, zip] of cases) expect(withoutZip(s, zip), s).toBe(byRegExp(s, zip));
  });

  it('agrees with the RegExp on random strings of digits, dashes, letters and spaces', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const alphabet = '0123456789-- a_,';
    for (let n = 0; n < 20_000; n++) {
      const zip = String(10000 + Math.floor(next() * 3)).padStart(5, '0');
      let s = '';
      const len = Math.floor(next() * 24);
      for (let i = 0; i < len; i++) s += next() < 0.25 ? zip.slice(0, 1 + Math.floor(next() * 5)) : alphabet[Math.floor(next() * alphabet.length)];
      expect(withoutZip(s, zip), JSON.stringify(s)).toBe(byRegExp(s, zip));
    }
  });
});
