import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullCatalog } from '@credpulse/taxonomy';
import { createExtractor, type Extractor } from './index.js';

// Issue 13: the catalog's credentials under the names employers write. Each sentence is the wording
// the issue quotes (or its short form), extracted with the whole catalog as the product loads it
// (editorial catalog, NJ ETPL lists, credentials-csv lists); two wordings of one credential must
// give the same catalog entry.

let extractor: Extractor;
let names: string[];
beforeAll(() => {
  const catalog = buildFullCatalog();
  names = catalog.credentials.map((c) => c.name);
  extractor = createExtractor({ skills: [], credentials: catalog.credentials.map((c, i) => ({ id: i + 1, name: c.name, shortNames: c.shortNames })) });
}, 60_000);

/** The one credential a sentence names: [catalog name, text as written]. */
function one(text: string): [string, string] {
  const found = extractor.extract(text).credentials;
  expect(found.map((c) => c.name), text).toHaveLength(1);
  return [found[0].name, found[0].matched];
}

describe('credential short names and written forms (full catalog)', () => {
  it('"Class A CDL", "Class A Commercial Driver\'s License (CDL)", "CDL Class A" and the catalog name are one credential', () => {
    const forms = [
      "Class A Commercial Driver's License (CDL) required with a clean MVR.",
      'Must hold a Class A CDL.',
      "Commercial Driver's License Class A required.",
      'Requires a valid CDL Class A.',
      'CDL-A required.',
    ].map(one);
    expect(new Set(forms.map(([n]) => n))).toEqual(new Set(["Commercial Driver's License Class A (CDL-A)"]));
    // the parenthesised acronym restates the licence: no second mention, and the span is the long form
    expect(forms[0][1]).toBe("Class A Commercial Driver's License");
  });

  it('"(ISC)2 CISSP" and "CISSP" are one credential', () => {
    const a = one('(ISC)2 CISSP certification required.');
    const b = one('CISSP required.');
    expect(a[0]).toBe(b[0]);
    expect(a[0]).toMatch(/CISSP/);
  });

  it.each([
    ['Salesforce Platform App Builder certification preferred.', /Salesforce Certified Platform App Builder/],
    ['Professional Scrum Master (PSM I) a plus.', /Professional Scrum Master/],
    ['Google Ads certification required.', /Google Ads/],
    ['AWS Certified Data Engineer - Associate preferred.', /AWS Certified Data Engineer/],
    ['AWS D1.1 welding certification required.', /AWS D1\.1/],
    ['CFA charterholder preferred.', /Chartered Financial Analyst \(CFA\)/],
    ['Forklift operator certification required.', /Forklift Operator Certification/],
    ['Active nurse practitioner license in the state.', /Advanced Practice Registered Nurse|Nurse Practitioner/],
  ])('the issue\'s missed wording "%s" is found', (text, name) => {
    const [got] = one(text);
    expect(got).toMatch(name);
    expect(names).toContain(got);
  });

  it('a short form counts once per posting, with the strongest level, whichever forms the posting uses', () => {
    const r = extractor.extract("Class A CDL preferred. Requirements: Commercial Driver's License Class A (CDL-A).");
    expect(r.credentials).toHaveLength(1);
    expect(r.credentials[0]).toMatchObject({ name: "Commercial Driver's License Class A (CDL-A)", level: 'required', occurrences: 2 });
  });
});
