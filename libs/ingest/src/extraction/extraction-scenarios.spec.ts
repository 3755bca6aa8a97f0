import { describe, expect, it } from 'vitest';
import { createExtractor, tokenize, WordAutomaton, type ExtractionDictionary } from './index.js';

const dict: ExtractionDictionary = {
  skills: [
    { id: 'onet:python', name: 'Python' },
    { id: 'onet:sql', name: 'Structured query language SQL' },
    { id: 'onet:sqlserver', name: 'Microsoft SQL Server' },
    { id: 'onet:excel', name: 'Microsoft Excel' },
    { id: 'onet:cpp', name: 'C++' },
    { id: 'onet:csharp', name: 'C#' },
    { id: 'onet:dotnet', name: 'Microsoft .NET Framework' },
    { id: 'onet:node', name: 'Node.js' },
    { id: 'onet:go', name: 'Go' },
    { id: 'esco:manage', name: 'manage', altLabels: ['guide'] },
    { id: 'esco:forklift', name: 'operate forklift', altLabels: ['drive a forklift'] },
  ],
  credentials: [
    { id: 1, name: 'CompTIA Security+', shortNames: ['Security+', 'Sec+'] },
    { id: 2, name: 'Cisco Certified Network Associate (CCNA)', shortNames: ['CCNA'] },
    { id: 3, name: "Commercial Driver's License Class A (CDL-A)", shortNames: ['CDL-A', 'Class A CDL', 'CDL Class A'] },
    { id: 4, name: 'Project Management Professional (PMP)', shortNames: ['PMP'] },
    { id: 5, name: 'CompTIA A+', shortNames: ['A+'] },
  ],
};
const extractor = createExtractor(dict);
const level = (text: string, id: string | number): string | undefined => {
  const r = extractor.extract(text);
  return [...r.skills, ...r.credentials].find((m) => m.id === id)?.level;
};

describe('preferred-is-never-required', () => {
  it('keeps a preferred credential preferred even when the sentence also says required', () => {
    const r = extractor.extract('Security+ required; CCNA preferred.');
    expect(r.credentials.find((c) => c.id === 1)?.level).toBe('required');
    expect(r.credentials.find((c) => c.id === 2)?.level).toBe('preferred');
  });
  it('marks everything under a Preferred heading as preferred', () => {
    const r = extractor.extract('Requirements:\n- Python\nPreferred qualifications:\n- CCNA\n- 2 years of SQL');
    expect(r.skills.find((s) => s.id === 'onet:python')?.level).toBe('required');
    expect(r.credentials.find((c) => c.id === 2)?.level).toBe('preferred');
    expect(r.skills.find((s) => s.id === 'onet:sql')?.level).toBe('preferred');
  });
  it('does not let a weak "at least" override a preferred section', () => {
    expect(level('Nice to have:\n- at least 2 years of Python', 'onet:python')).toBe('preferred');
  });
  it('counts a preferred-only degree as no degree requirement', () => {
    expect(extractor.extract("Bachelor's degree preferred. Python required.").degreeLevel).toBe(0);
  });
  it('treats "a plus", "nice to have", "bonus" and "not required but preferred" as preferred', () => {
    expect(level('Python is a plus.', 'onet:python')).toBe('preferred');
    expect(level('Knowledge of Node.js would be nice to have.', 'onet:node')).toBe('preferred');
    expect(level('Bonus: PMP.', 4)).toBe('preferred');
    expect(level('PMP is not required but preferred.', 4)).toBe('preferred');
  });
});

describe('in-lieu-clause', () => {
  it('gives in_lieu to a credential accepted in place of a degree and sets the flag', () => {
    const r = extractor.extract("Bachelor's degree in IT required. CompTIA Security+ accepted in lieu of a degree.");
    expect(r.credentials[0]).toMatchObject({ id: 1, level: 'in_lieu' });
    expect(r.degreeLevel).toBe(3);
    expect(r.inLieu).toBe(true);
  });
  it('treats "degree or <credential>" as the credential standing in for the degree', () => {
    const r = extractor.extract("Associate degree in networking or CCNA.");
    expect(r.credentials[0]).toMatchObject({ id: 2, level: 'in_lieu' });
    expect(r).toMatchObject({ degreeLevel: 2, inLieu: true });
  });
  it('sets the flag for an equivalent-experience clause without naming a credential', () => {
    expect(extractor.extract("Bachelor's degree or equivalent combination of education and experience.")).toMatchObject({ degreeLevel: 3, inLieu: true });
    expect(extractor.extract("Bachelor's degree or equivalent experience.")).toMatchObject({ degreeLevel: 3, inLieu: true });
  });
  it('does not read "high school diploma or equivalent" as an in-lieu clause', () => {
    expect(extractor.extract('High school diploma or equivalent required.')).toMatchObject({ degreeLevel: 1, inLieu: false });
  });
  it('does not make a credential in_lieu when the degree is joined by "and"', () => {
    expect(level("Bachelor's degree in IT and CompTIA Security+ required.", 1)).toBe('required');
  });
});

describe('section-heading-carries-level', () => {
  it('applies a heading without a colon to the lines below until the next heading', () => {
    const text = 'Minimum Qualifications\nPython and SQL\nPreferred Qualifications\nC++\nResponsibilities\nMaintain Microsoft SQL Server';
    const r = extractor.extract(text);
    const by = Object.fromEntries(r.skills.map((s) => [s.id, s.level]));
    expect(by).toEqual({ 'onet:python': 'required', 'onet:sql': 'required', 'onet:cpp': 'preferred', 'onet:sqlserver': 'required' });
  });
  it('applies inline labels inside one line', () => {
    const r = extractor.extract('Requirements: Python, SQL. Preferred: C#, Node.js.');
    expect(r.skills.map((s) => [s.name, s.level])).toEqual([
      ['Python', 'required'],
      ['Structured query language SQL', 'required'],
      ['C#', 'preferred'],
      ['Node.js', 'preferred'],
    ]);
  });
  it('lets a sentence cue override the section', () => {
    expect(level('Requirements:\n- CCNA preferred', 2)).toBe('preferred');
  });
  it('scopes a cue in parentheses to the parentheses', () => {
    const r = extractor.extract('Experience with Python (CCNA a plus).');
    expect(r.skills[0].level).toBe('required');
    expect(r.credentials[0].level).toBe('preferred');
  });
});

describe('short-forms', () => {
  it('matches symbol-bearing short forms and tokens', () => {
    const r = extractor.extract('Security+, A+, C++, C#, .NET Framework and Node.js; CDL-A a plus.');
    expect(r.credentials.map((c) => c.id).sort()).toEqual([1, 3, 5]);
    expect(r.skills.map((s) => s.id).sort()).toEqual(['onet:cpp', 'onet:csharp', 'onet:dotnet', 'onet:node']);
    expect(r.credentials.find((c) => c.id === 3)?.level).toBe('preferred');
  });
  it('reports character spans that slice back to the matched text', () => {
    const text = 'We need a CDL Class A driver with PMP.';
    for (const m of extractor.extract(text).credentials) expect(text.slice(m.start, m.end)).toBe(m.matched);
  });
  it('matches acronyms case-sensitively: "pmp" and "Ccna" in prose do not count', () => {
    expect(extractor.extract('the pmp pump and Ccna were replaced').credentials).toEqual([]);
    expect(level('PMP required', 4)).toBe('required');
  });
  it('folds light plurals on both sides and matches derived product names', () => {
    expect(level('Must drive a forklift daily', 'esco:forklift')).toBe('required');
    expect(level('Advanced Excel and SQL Server', 'onet:excel')).toBe('required');
    expect(level('Advanced Excel and SQL Server', 'onet:sqlserver')).toBe('required');
  });
  it('drops lower-case common-word labels and keeps capitalised product names case-sensitive', () => {
    expect(extractor.extract('You will manage and guide the team; go to the site.').skills).toEqual([]);
    expect(level('Experience with Go required.', 'onet:go')).toBe('required');
  });
  it('tokenises symbols, dotted names and possessives', () => {
    expect(tokenize("C++ C# .NET Node.js bachelor's CDL-A Security+. A+").norms).toEqual(['c++', 'c#', '.net', 'node.js', 'bachelor', 'cdl', 'a', 'security+', 'a+']);
  });
});

describe('longest-match-wins', () => {
  it('prefers the longest phrase at a position and reports one mention', () => {
    const r = extractor.extract('Administer Microsoft SQL Server instances.');
    expect(r.skills.map((s) => s.id)).toEqual(['onet:sqlserver']);
    expect(r.skills[0].matched).toBe('Microsoft SQL Server');
  });
  it('returns one mention per id with the strongest level and counts occurrences', () => {
    const r = extractor.extract('PMP preferred. Later: PMP required. PMP again.');
    expect(r.credentials).toHaveLength(1);
    expect(r.credentials[0]).toMatchObject({ id: 4, level: 'required', occurrences: 3 });
  });
  it('reports overlapping phrases from the automaton so the extractor can choose', () => {
    const a = new WordAutomaton();
    a.add(['sql'], 0);
    a.add(['microsoft', 'sql', 'server'], 1);
    a.add(['sql', 'server'], 2);
    const found = a.build().scan(['use', 'microsoft', 'sql', 'server']).map((m) => [m.first, m.last, ...m.phrases]);
    expect(found).toEqual([[2, 2, 0], [1, 3, 1], [2, 3, 2]]);
  });
});

describe('no-degree-required', () => {
  it('reads explicit negations as no degree requirement', () => {
    for (const t of ['No degree required.', "Bachelor's degree not required.", 'No college degree required; CompTIA A+ required.', 'No high school diploma required.']) {
      expect(extractor.extract(t)).toMatchObject({ degreeLevel: 0, inLieu: false });
    }
  });
  it('drops negated credential mentions', () => {
    expect(extractor.extract('No CDL-A required for this role.').credentials).toEqual([]);
  });
  it('uses the lowest required degree and ignores preferred higher ones', () => {
    expect(extractor.extract("High school diploma or GED required; bachelor's degree preferred.").degreeLevel).toBe(1);
    expect(extractor.extract("Master's degree or PhD required.").degreeLevel).toBe(4);
    expect(extractor.extract("Associate's degree required, bachelor's preferred.").degreeLevel).toBe(2);
  });
  it('uses the structured sections given as hints', () => {
    const r = extractor.extract('Join our team!', { sections: { qualifications: 'CCNA preferred', education: "Bachelor's degree" } });
    expect(r.credentials[0]).toMatchObject({ id: 2, level: 'preferred', section: 'qualifications' });
    expect(r.degreeLevel).toBe(3);
  });
});
