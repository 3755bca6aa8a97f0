import { describe, expect, it } from 'vitest';
import { readCip, readCipSoc, readEscoSkills, readNaics, readOewsNational, readOnet, readRegions, readSoc } from './sources.js';
import { NO_MATCH_SOC } from './cip-soc.js';

// The shipped files parse to the counts their SOURCE.md files and issue 2 state.
describe('shipped reference files', () => {
  it('NAICS 2022 has 2,125 codes with levels, parents and sectors (31-33 and its subsectors)', () => {
    const naics = readNaics();
    expect(naics).toHaveLength(2125);
    expect([2, 3, 4, 5, 6].map((l) => naics.filter((n) => n.level === l).length)).toEqual([20, 96, 308, 689, 1012]);
    expect(naics.find((n) => n.code === '31-33')).toMatchObject({ level: 2, parentCode: null, sector: '31-33' });
    expect(naics.find((n) => n.code === '311')).toMatchObject({ title: 'Food Manufacturing', level: 3, parentCode: '31-33', sector: '31-33' });
    expect(naics.find((n) => n.code === '445110')).toMatchObject({ level: 6, parentCode: '44511', sector: '44-45' });
  });

  it('SOC 2018 has 1,447 codes and parents follow soc_group even where code patterns break (15-1200)', () => {
    const soc = readSoc();
    expect(soc).toHaveLength(1447);
    expect(soc.filter((s) => s.level === 'detailed')).toHaveLength(867);
    expect(soc.find((s) => s.code === '15-1252')).toMatchObject({ title: 'Software Developers', level: 'detailed', parentCode: '15-1250', majorCode: '15-0000' });
    expect(soc.find((s) => s.code === '15-1250')?.parentCode).toBe('15-1200');
    expect(soc.find((s) => s.code === '15-1200')).toMatchObject({ level: 'minor', parentCode: '15-0000' });
    expect(soc.find((s) => s.code === '11-0000')?.definition).toBeNull();
  });

  it('CIP 2020 keeps the 2,687 valid codes and retires the 149 moved-from and 12 deleted 2010 codes', () => {
    const { codes, retired } = readCip();
    expect(codes).toHaveLength(2687);
    expect(codes.filter((c) => c.level === 2)).toHaveLength(50);
    expect(codes.filter((c) => c.level === 4)).toHaveLength(464);
    expect(codes.filter((c) => c.level === 6)).toHaveLength(2173);
    expect(codes.find((c) => c.code === '01.0000')).toMatchObject({ title: 'Agriculture, General.', level: 6, parentCode: '01.00' });
    // "Moved to" rows are the valid 2020 destinations and carry the real definition
    expect(codes.find((c) => c.code === '01.1004')?.definition).toMatch(/^A program that focuses/);
    expect(retired).toHaveLength(161);
    expect(retired.find((r) => r.code === '01.0309')).toEqual({ code: '01.0309', title: 'Viticulture and Enology.', action: 'moved', replacement: '01.1004' });
    expect(retired.find((r) => r.code === '45.14')).toMatchObject({ action: 'deleted', replacement: '45.1103' });
    expect(codes.some((c) => c.code === '01.0309')).toBe(false);
    // unescaped quotes inside the NCES text survive
    expect(codes.find((c) => c.code === '43')?.definition).toContain('titled "Security and Protective Services" in the Canadian CIP.');
  });

  it('the CIP-SOC crosswalk has 6,097 rows, 194 of them the NO MATCH placeholder, all CIP codes valid', () => {
    const xwalk = readCipSoc();
    expect(xwalk).toHaveLength(6097);
    expect(xwalk.filter((r) => r.socCode === NO_MATCH_SOC)).toHaveLength(194);
    const valid = new Set(readCip().codes.map((c) => c.code));
    expect(new Set(xwalk.filter((r) => !valid.has(r.cipCode)).map((r) => r.cipCode))).toEqual(new Set(['99.9999']));
    expect(xwalk).toContainEqual({ cipCode: '01.0000', socCode: '19-1011' });
  });

  it('regions: 52 states, 3,222 counties, 935 CBSAs, leading zeros kept, every CBSA county known', () => {
    const geo = readRegions();
    expect(geo.states).toHaveLength(52);
    expect(geo.counties).toHaveLength(3222);
    expect(geo.cbsas).toHaveLength(935);
    expect(geo.cbsas.filter((c) => c.kind === 'metropolitan')).toHaveLength(393);
    expect(geo.cbsaCounties).toHaveLength(1915);
    expect(geo.states.find((s) => s.fips === '06')).toEqual({ fips: '06', usps: 'CA', name: 'California' });
    expect(geo.counties[0]).toMatchObject({ fips: '01001', stateFips: '01', name: 'Autauga County' });
    expect(geo.cbsaCounties.find((c) => c.countyFips === '06037')).toEqual({ countyFips: '06037', cbsaCode: '31080', central: true });
    expect(geo.cbsas.find((c) => c.code === '31080')).toEqual({ code: '31080', title: 'Los Angeles-Long Beach-Anaheim, CA', kind: 'metropolitan' });
  });

  it('O*NET: 1,016 occupations mapped to SOC, 8,775 technology skills with stable ids, 30,267 SOC links', () => {
    const onet = readOnet();
    expect(onet.occupations).toHaveLength(1016);
    expect(onet.occupations.find((o) => o.code === '15-1252.00')).toMatchObject({ socCode: '15-1252', title: 'Software Developers', jobZone: 4 });
    expect(onet.occupations.filter((o) => o.jobZone === null)).toHaveLength(1016 - 923);
    expect(onet.skills).toHaveLength(8775);
    const ids = new Set(onet.skills.map((s) => s.id));
    expect(ids.size).toBe(8775);
    expect(onet.skills.find((s) => s.id === 'onet:microsoft-excel')).toMatchObject({ name: 'Microsoft Excel', source: 'onet', kind: 'technology', hot: true });
    expect(['onet:c', 'onet:c-sharp', 'onet:c-plus-plus'].every((id) => ids.has(id))).toBe(true);
    expect(onet.occupationSkills).toHaveLength(30267);
    expect(onet.occupationSkills.find((l) => l.socCode === '15-1252' && l.skillId === 'onet:python')).toMatchObject({ hot: true });
  });

  it('ESCO: 13,896 skills keyed esco:<uuid> with alt labels split and the preferred label removed', () => {
    const esco = readEscoSkills();
    expect(esco).toHaveLength(13896);
    const s = esco.find((x) => x.id === 'esco:0005c151-5b5a-4a66-8aac-60e734beb1ab');
    expect(s).toMatchObject({ name: 'manage musical staff', kind: 'skill/competence', source: 'esco' });
    expect(s?.altLabels).toEqual(['manage staff of music', 'coordinate duties of musical staff', 'manage music staff', 'direct musical staff']);
    expect(esco.filter((x) => x.kind === null)).toHaveLength(6);
  });

  it('OEWS: 831 detailed occupations; # loads as the top-code and * as null', () => {
    const oews = readOewsNational();
    expect(oews).toHaveLength(831);
    expect(oews.find((o) => o.socCode === '29-1215')).toMatchObject({ employment: 107950, annualMedian: 238380, annualP90: 239200, topCoded: ['A_PCT75', 'A_PCT90'] });
    const noWage = oews.filter((o) => o.annualMean === null);
    expect(noWage).toHaveLength(5);
    expect(oews.find((o) => o.socCode === '15-1252')?.annualMedian).toBeGreaterThan(100_000);
  });
});
