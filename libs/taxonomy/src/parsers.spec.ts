import { describe, expect, it } from 'vitest';
import { normalizeCipCode, parseCip } from './cip.js';
import { TaxonomyFileError } from './errors.js';
import { parseCbsaDelineation, parseCounties } from './geo.js';
import { parseNaics } from './naics.js';
import { parseOewsNational } from './oews.js';
import { parseTechnologySkills, technologySkills } from './onet.js';
import { skillDictionary, skillSlug } from './skills.js';
import { parseSoc } from './soc.js';

function thrown(fn: () => unknown): TaxonomyFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TaxonomyFileError) return e;
    throw e;
  }
  throw new Error('expected a TaxonomyFileError');
}

describe('parser errors name file, line and field', () => {
  it('a missing column', () => {
    const e = thrown(() => parseNaics('seq_no,naics_title,code_level\n1,Farming,sector\n', 'n.csv'));
    expect(e).toMatchObject({ file: 'n.csv', line: 1, field: 'naics_code' });
    expect(e.message).toContain('missing column "naics_code"');
  });

  it('a malformed code on line 3', () => {
    const e = thrown(() => parseCounties('county_geoid,state_fips,county_fips,county_name,state_usps,state_name\n01001,01,001,Autauga County,AL,Alabama\n1003,01,003,Baldwin County,AL,Alabama\n', 'c.csv'));
    expect(e).toMatchObject({ file: 'c.csv', line: 3, field: 'county_geoid' });
    expect(e.message).toBe('c.csv:3 (county_geoid): "1003" is not a 5-digit county GEOID');
  });

  it('a NAICS code whose parent is missing', () => {
    const e = thrown(() => parseNaics('seq_no,naics_code,naics_title,code_level\n1,11,Ag,sector\n2,1111,Oilseed,industry_group\n'));
    expect(e.reason).toBe('parent 111 of 1111 is not in the file');
  });

  it('a SOC detailed code outside its major group', () => {
    const e = thrown(() => parseSoc('soc_group,soc_code,soc_title,soc_definition\nMajor,11-0000,Mgmt,\nMinor,11-1000,Top,\nBroad,11-1010,CE,\nDetailed,13-1011,Agents,x\n'));
    expect(e).toMatchObject({ line: 5, field: 'soc_group' });
  });

  it('a county in two CBSAs', () => {
    const header = 'CBSA Code,CBSA Title,Metropolitan/Micropolitan Statistical Area,FIPS State Code,FIPS County Code,Central/Outlying County\n';
    const e = thrown(() => parseCbsaDelineation(header + '10100,"A, SD",Micropolitan Statistical Area,46,013,Central\n10200,"B, SD",Micropolitan Statistical Area,46,013,Outlying\n'));
    expect(e).toMatchObject({ line: 3, reason: 'county 46013 appears in two CBSAs' });
  });

  it('an OEWS value that is neither a number nor a BLS marker', () => {
    const header = 'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,A_MEAN,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,H_MEDIAN\n';
    const e = thrown(() => parseOewsNational(header + '15-1252,Software Developers,detailed,"1,000",n/a,1,2,3,4,5,6\n'));
    expect(e).toMatchObject({ line: 2, field: 'A_MEAN' });
  });
});

describe('parsers on small inputs', () => {
  it('OEWS markers: ** employment and * wages are null, # is the top-code, non-detailed rows skipped', () => {
    const header = 'OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,A_MEAN,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,H_MEDIAN\n';
    const rows = parseOewsNational(header + '15-0000,Computer,major,100,1,1,1,1,1,1,1\n27-2011,Actors,detailed,**,*,*,*,*,*,*,*\n29-1215,Doctors,detailed,"107,950",256830,81330,167580,238380,#,#,#\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ socCode: '27-2011', employment: null, annualMedian: null, hourlyMedian: null, topCoded: [] });
    expect(rows[1]).toMatchObject({ employment: 107950, annualP75: 239200, annualP90: 239200, hourlyMedian: 115, topCoded: ['A_PCT75', 'A_PCT90', 'H_MEDIAN'] });
  });

  it('CIP: Excel-wrapped codes, moved and deleted codes retired with their replacement', () => {
    const text =
      'CIPFamily,CIPCode,Action,TextChange,CIPTitle,CIPDefinition,CrossReferences,Examples\n' +
      '="01",="01","No substantive changes",no,"AGRICULTURE.","Ag.","",\n' +
      '="01",="01.03","No substantive changes",no,"Production.","See.","",\n' +
      '="01",="01.0309","Moved from",no,"Viticulture.","Moved from 01.0309 to 01.1004","",\n' +
      '="01",="01.10","No substantive changes",no,"Food.","See.","",\n' +
      '="01",="01.1004","Moved to",yes,"Viticulture.","A program that says "hello" loudly.","",\n' +
      '="01",="01.19","Deleted",no,"Old.","Deleted, Report under 01.10","",\n';
    const { codes, retired } = parseCip(text);
    expect(codes.map((c) => [c.code, c.level, c.parentCode])).toEqual([['01', 2, null], ['01.03', 4, '01'], ['01.10', 4, '01'], ['01.1004', 6, '01.10']]);
    expect(codes[3].definition).toBe('A program that says "hello" loudly.');
    expect(retired).toEqual([
      { code: '01.0309', title: 'Viticulture.', action: 'moved', replacement: '01.1004' },
      { code: '01.19', title: 'Old.', action: 'deleted', replacement: '01.10' },
    ]);
  });

  it('normalizeCipCode reads the ways records write CIP codes', () => {
    expect(normalizeCipCode('52.0301')).toBe('52.0301');
    expect(normalizeCipCode('49-0205')).toBe('49.0205');
    expect(normalizeCipCode('520301')).toBe('52.0301');
    expect(normalizeCipCode('1.0101')).toBe('01.0101');
    expect(normalizeCipCode('52.031')).toBe('52.0310');
    expect(normalizeCipCode('11')).toBe('11');
    expect(normalizeCipCode('nursing')).toBeNull();
  });

  it('technology skills collapse O*NET-SOC codes onto SOC and OR the flags', () => {
    const text =
      'onet_soc_code,example,commodity_code,commodity_title,hot_technology,in_demand\n' +
      '15-1252.00,Python,43232405,Object or component oriented development software,Y,N\n' +
      '15-1252.01,Python,43232405,Object or component oriented development software,N,Y\n' +
      '15-1252.00,C#,43232405,Object or component oriented development software,N,N\n' +
      '11-1011.00,Python,43232405,Object or component oriented development software,N,N\n';
    const { skills, links } = technologySkills(parseTechnologySkills(text));
    expect(skills.map((s) => [s.id, s.name, s.hot])).toEqual([['onet:python', 'Python', true], ['onet:c-sharp', 'C#', false]]);
    expect(links).toEqual([
      { socCode: '15-1252', skillId: 'onet:python', hot: true, inDemand: true },
      { socCode: '15-1252', skillId: 'onet:c-sharp', hot: false, inDemand: false },
      { socCode: '11-1011', skillId: 'onet:python', hot: false, inDemand: false },
    ]);
  });

  it('skillSlug keeps C, C# and C++ apart and is stable', () => {
    expect(['C', 'C#', 'C++', 'Microsoft Excel', 'Node.js', 'Añasco GIS'].map(skillSlug)).toEqual(['c', 'c-sharp', 'c-plus-plus', 'microsoft-excel', 'node-js', 'anasco-gis']);
  });

  it('skillDictionary trims labels and drops repeats of the name and of each other', () => {
    const dict = skillDictionary([
      { id: 'esco:b', name: ' manage  staff ', altLabels: ['Manage staff', 'direct staff', 'DIRECT STAFF', 'x', ''] },
      { id: 'esco:a', name: 'Python', altLabels: [] },
    ]);
    expect(dict).toEqual([
      { id: 'esco:a', name: 'Python', altLabels: [] },
      { id: 'esco:b', name: 'manage staff', altLabels: ['direct staff'] },
    ]);
  });
});
