import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { geocodeSummary, getGeocoder } from '@credpulse/taxonomy';
import { batchLines, formatGeocode } from './geocode.command.js';

describe('credpulse geocode', () => {
  it('batch mode: one JSON object per input line, in the same order, blank and bad lines included', async () => {
    const g = getGeocoder();
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c) => chunks.push(String(c)));
    const lines = ['Macon, Georgia, United States', '', 'Brooklyn, NY 11201', '\u0000\u0001', 'Remote', ...Array.from({ length: 3000 }, () => 'Austin, TX 78701')];
    const done = batchLines((l) => geocodeSummary(g.geocode(l)), input, output);
    input.end(lines.join('\n') + '\n');
    expect(await done).toBe(lines.length);
    const out = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(lines.length);
    expect(out.map((o) => o.input)).toEqual(lines);
    expect(out[0]).toMatchObject({ countyFips: '13021', cbsa: '31420', method: 'place' });
    expect(out[1]).toMatchObject({ countyFips: null, places: [] });
    expect(out[2]).toMatchObject({ countyFips: '36047', method: 'zip' });
    expect(out[3].warnings[0]).toMatch(/binary/);
    expect(out[4]).toMatchObject({ remote: true });
  });

  it('prints county, CBSA, method and confidence for a person', () => {
    const g = getGeocoder();
    const text = formatGeocode(g, g.geocode('Macon, Georgia, United States'));
    expect(text).toContain('Bibb County, GA (13021)');
    expect(text).toContain('CBSA 31420');
    expect(text).toContain('place, confidence 1');
  });
});
