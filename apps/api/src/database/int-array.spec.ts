import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { INT4_ARRAY_OID, parseIntArray } from './int-array.js';

// The fast integer[] parser gives what pg's own parser gives, on every shape PostgreSQL prints.
describe('integer[] text parser', () => {
  const pgParse = pg.types.getTypeParser(INT4_ARRAY_OID, 'text') as (s: string) => unknown;
  it.each(['{}', '{0}', '{1,2,3}', '{-5,0,17,-2147483648,2147483647}', '{NULL}', '{1,NULL,3}', '{{1,2},{3,4}}', '{}'])('%s', (s) => {
    expect(parseIntArray(s)).toEqual(pgParse(s));
  });
  it('random arrays', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 500; i++) {
      const xs = Array.from({ length: rnd() % 40 }, () => (rnd() % 2 ? -1 : 1) * (rnd() % 100000) || 0);
      const s = `{${xs.join(',')}}`;
      expect(parseIntArray(s)).toEqual(xs);
      expect(parseIntArray(s)).toEqual(pgParse(s));
    }
  });
});
