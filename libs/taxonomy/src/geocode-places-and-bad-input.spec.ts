import { describe, expect, it } from 'vitest';
import { geocodeSummary, getGeocoder } from './geocode.js';

describe('geocoder: what a posting location resolves to', () => {
  const g = getGeocoder();
  const one = (t: string) => geocodeSummary(g.geocode(t));

  it('takes a ZIP (or ZIP+4) over the city, with the HUD residential ratio as confidence', () => {
    expect(one('Austin, TX 78701-1234')).toMatchObject({ stateFips: '48', countyFips: '48453', cbsa: '12420', method: 'zip', confidence: 1 });
    const split = one('10803'); // Pelham, NY: one county, ratio 1
    expect(split.method).toBe('zip');
    expect(split.confidence).toBeGreaterThan(0);
  });

  it('maps Connecticut to the 2023 planning regions, never the old counties', () => {
    expect(one('Hartford, CT').countyFips).toBe('09110');
    expect(one('Stamford, CT 06901').countyFips).toBe('09190');
    expect(one('Shelton, CT').countyFips).toBe('09140'); // old Fairfield County, now Naugatuck Valley
    for (const t of ['New Haven, CT', 'Groton, CT', '06103', 'Middletown, Connecticut']) expect(Number(one(t).countyFips?.slice(2))).toBeGreaterThanOrEqual(110);
  });

  it('names a split city by its USPS county when no county holds a majority ("New York, NY" is Manhattan)', () => {
    expect(one('New York, NY')).toMatchObject({ countyFips: '36061', method: 'postal_city' });
    expect(one('Queens, NY')).toMatchObject({ countyFips: '36081', method: 'borough' });
  });

  it('reads independent cities, parishes, boroughs, municipios and St./Ft. spellings', () => {
    expect(one('Richmond, VA').countyFips).toBe('51760');
    expect(one('Fairfax County, Virginia').countyFips).toBe('51059');
    expect(one('Orleans Parish, LA').countyFips).toBe('22071');
    expect(one('San Juan, Puerto Rico, United States').countyFips).toBe('72127');
    expect(one('Ft. Lauderdale, FL').countyFips).toBe(one('Fort Lauderdale, Florida').countyFips);
    expect(one('St. Louis, MO').countyFips).toBe('29510');
    expect(one('Saint Louis, Missouri').countyFips).toBe('29510');
    expect(one('Fort Bragg, North Carolina').countyFips).toBe('37051');
  });

  it('keeps every place of a list, once each', () => {
    const r = g.geocode('Seattle, WA | Portland, OR | Seattle, Washington');
    expect(r.places.map((p) => p.countyFips)).toEqual(['53033', '41051']);
    expect(g.geocode('Denver, CO; Boulder, CO').places).toHaveLength(2);
  });

  it('flags remote and telework, with or without a place', () => {
    expect(one('Remote')).toMatchObject({ remote: true, countyFips: null });
    expect(one('Anywhere in the U.S. (remote job)')).toMatchObject({ remote: true, countyFips: null, warnings: [] });
    expect(one('Remote - Austin, TX')).toMatchObject({ remote: true, countyFips: '48453' });
  });

  it('keeps a state when the city is unknown, and says so', () => {
    const r = one('Nowhereville, TX');
    expect(r).toMatchObject({ stateFips: '48', countyFips: null, method: 'state' });
    expect(r.warnings[0]).toContain('Nowhereville');
  });

  it('warns about non-US places and keeps them without a region', () => {
    expect(one('Toronto, ON, Canada')).toMatchObject({ nonUs: true, stateFips: null });
    expect(one('London, United Kingdom').warnings[0]).toContain('outside the United States');
  });
});

describe('geocoder: bad input gives a warning, never a throw', () => {
  const g = getGeocoder();
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['10 KB of text', 'Austin, TX '.repeat(1000)],
    ['binary', '\u0000\u0001\u0002PNG\u0000\ufffd\ufffd'],
    ['punctuation', '?!,;|||'],
    ['a ZIP that does not exist', '00000'],
    ['an unknown ZIP with a city', 'Austin, TX 99999'],
  ])('%s', (_name, text) => {
    const r = g.geocode(text);
    expect(r.places.every((p) => /^\d{2}$/.test(p.stateFips))).toBe(true);
    if (text.trim() && !/Austin/.test(text)) expect(r.places).toEqual([]);
  });

  it('treats object-prototype names as unknown places, not as lookups', () => {
    const r = g.geocode('constructor, NY | __proto__ | toString, TX');
    expect(r.places.map((p) => [p.stateFips, p.countyFips, p.method])).toEqual([
      ['36', null, 'state'],
      ['48', null, 'state'],
    ]);
    expect(r.warnings.join()).toContain('constructor');
  });

  it('names the bad text in the warning', () => {
    expect(g.geocode('00000').warnings.join()).toContain('ZIP 00000');
    expect(g.geocode('Austin, TX '.repeat(1000)).warnings.join()).toMatch(/characters long/);
    expect(g.geocode('\u0000\u0001bin').warnings.join()).toMatch(/binary/);
    // an unknown ZIP falls back to the city and says why
    const r = g.geocode('Austin, TX 99999');
    expect(r.places[0].countyFips).toBe('48453');
    expect(r.warnings.join()).toContain('ZIP 99999');
  });
});
