import { describe, expect, it } from 'vitest';
import { parseFipsList } from './regions.api';

describe('pasting county FIPS codes into the region builder', () => {
  it('reads codes separated by commas, spaces and lines, restores a lost leading zero and names what it cannot read', () => {
    expect(parseFipsList('06065, 06071\n6037 06065;abc 123')).toEqual({ codes: ['06065', '06071', '06037'], rejected: ['abc', '123'] });
  });
});
