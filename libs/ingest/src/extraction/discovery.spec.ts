import { describe, expect, it } from 'vitest';
import { createExtractor } from './extractor.js';
import { findCredentialCandidates } from './discovery.js';

const names = (t: string, known: (k: string) => boolean = () => false) => findCredentialCandidates(t, known).map((c) => c.name);

describe('credentials postings name that the catalog lacks', () => {
  it('finds "<name> certification/license", "certified <role>", "<ACRONYM> certified" and registry-style titles', () => {
    expect(names("Tableau certification preferred. CPR certified; Certified Dental Assistant (CDA) required.")).toEqual(['Tableau certification', 'CPR certified', 'Certified Dental Assistant']);
    expect(names('Licensed Clinical Social Worker or Registered Dietitian. Class B license a plus.')).toEqual(['Licensed Clinical Social Worker', 'Registered Dietitian', 'Class B license']);
  });
  it('does not flood: generic phrases, lower-case single words and sentence ends give nothing', () => {
    expect(names("Must hold a valid driver's license. Proof of certification required. current state license required. certified welder wanted.")).toEqual([]);
    expect(names('Welders must be certified to AWS D1.1. Certification in HVAC preferred.')).toEqual([]);
  });
  it('a phrase the catalog has is not a candidate, nor the phrase around a catalog mention', () => {
    const x = createExtractor({ skills: [], credentials: [{ id: 1, name: 'CompTIA Security+', shortNames: ['Security+'] }, { id: 2, name: 'Certified Dental Assistant (CDA)', shortNames: ['Certified Dental Assistant'] }] });
    const r = x.extract('CompTIA Security+ certification required. Certified Dental Assistant preferred. Tableau certification a plus.');
    expect(r.credentials.map((c) => c.id)).toEqual([1, 2]);
    expect(r.candidates?.map((c) => [c.name, c.pattern])).toEqual([['Tableau certification', 'name-credential']]);
    expect(r.candidates?.[0].snippet).toContain('Tableau certification a plus');
  });
  it('a skill listed before the phrase is not part of the name ("Excel and Tableau certification"); a name with its own "and" is kept whole', () => {
    const x = createExtractor({ skills: [{ id: 's1', name: 'Microsoft Excel' }, { id: 's2', name: 'SQL' }, { id: 's3', name: 'Change Management' }], credentials: [] });
    const got = (t: string) => x.extract(t).candidates?.map((c) => c.name) ?? [];
    expect(got('Preferred: Excel and Tableau certification.')).toEqual(['Tableau certification']);
    expect(got('Nice to have: SQL, Snowflake SnowPro Core certification.')).toEqual(['Snowflake SnowPro Core certification']);
    expect(got('Preferred: SQL or Looker LookML Developer certification.')).toEqual(['Looker LookML Developer certification']);
    expect(got('Rigging and Signaling certification required.')).toEqual(['Rigging and Signaling certification']);
    // the skill reaches back past the phrase's first word, and another skill inside the name does not cut it
    expect(got('Nice to have: Microsoft Excel and Prosci Change Management certification.')).toEqual(['Prosci Change Management certification']);
    // the candidate keeps the snippet around it and its span starts at the name
    const c = x.extract('Preferred: Excel and Tableau certification.').candidates?.[0];
    expect(c && 'Preferred: Excel and Tableau certification.'.slice(c.start, c.end)).toBe('Tableau certification');
  });
});
