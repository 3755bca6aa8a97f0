import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { loadTaxonomies } from '../../apps/api/src/modules/taxonomy/taxonomy.loader.js';
import { loadSkillDictionary } from '../../apps/api/src/modules/taxonomy/skill-dictionary.js';
import { openTestDataSource } from './support/test-db.js';

// The progress lines of the seven taxonomy groups (the credential catalog logs its own).
const UNIT = /^ {2}(NAICS 2022|SOC 2018|CIP 2020|States, counties|O\*NET 29\.3|ESCO 1\.1\.1|OEWS May 2024)/;

// Global setup has already loaded every taxonomy once; these tests check what landed and that a
// second load (plain and forced) changes nothing.
describe('reference taxonomy load', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds.destroy());

  const count = async (sql: string): Promise<number> => Number((await ds.query(sql))[0].n);

  it('table counts match the published files', async () => {
    const counts = {
      naics: await count('SELECT count(*) AS n FROM naics'),
      soc: await count('SELECT count(*) AS n FROM soc'),
      cip: await count('SELECT count(*) AS n FROM cip'),
      cipSoc: await count('SELECT count(*) AS n FROM cip_soc'),
      states: await count('SELECT count(*) AS n FROM state'),
      counties: await count('SELECT count(*) AS n FROM county'),
      cbsas: await count('SELECT count(*) AS n FROM cbsa'),
      onet: await count('SELECT count(*) AS n FROM onet_occupation'),
      onetSkills: await count("SELECT count(*) AS n FROM skill WHERE source = 'onet'"),
      escoSkills: await count("SELECT count(*) AS n FROM skill WHERE source = 'esco'"),
      occupationSkills: await count('SELECT count(*) AS n FROM occupation_skill'),
      oews: await count('SELECT count(*) AS n FROM oews_national'),
    };
    expect(counts).toEqual({
      naics: 2125, soc: 1447, cip: 2687, cipSoc: 6097, states: 52, counties: 3222, cbsas: 935,
      onet: 1016, onetSkills: 8775, escoSkills: 13896, occupationSkills: 30267, oews: 831,
    });
  });

  it('records every taxonomy with its version and row count', async () => {
    const rows: { taxonomy: string; version: string; row_count: number }[] = await ds.query('SELECT taxonomy, version, row_count FROM taxonomy_version ORDER BY taxonomy');
    const byKey = Object.fromEntries(rows.map((r) => [r.taxonomy, r]));
    expect(byKey.naics).toMatchObject({ version: 'NAICS 2022', row_count: 2125 });
    expect(byKey.county).toMatchObject({ version: 'FIPS vintage 2023', row_count: 3222 });
    expect(byKey.cip_soc).toMatchObject({ row_count: 6097 });
    expect(byKey.onet_technology_skill).toMatchObject({ version: 'O*NET 29.3', row_count: 8775 });
    expect(byKey.esco_skill).toMatchObject({ version: 'ESCO 1.1.1', row_count: 13896 });
    expect(byKey.oews_national).toMatchObject({ version: 'OEWS May 2024', row_count: 831 });
  });

  it('keeps leading zeros and the hierarchy: state 06, county 01001, CIP 01.0000, NAICS 31-33', async () => {
    expect(await ds.query(`SELECT fips, usps, name FROM state WHERE fips = '06'`)).toEqual([{ fips: '06', usps: 'CA', name: 'California' }]);
    expect(await ds.query(`SELECT fips, state_fips, name, cbsa_code, central, rural FROM county WHERE fips = '01001'`)).toEqual([
      { fips: '01001', state_fips: '01', name: 'Autauga County', cbsa_code: '33860', central: true, rural: false },
    ]);
    expect(await ds.query(`SELECT code, level, parent_code FROM cip WHERE code IN ('01', '01.00', '01.0000') ORDER BY code`)).toEqual([
      { code: '01', level: 2, parent_code: null },
      { code: '01.00', level: 4, parent_code: '01' },
      { code: '01.0000', level: 6, parent_code: '01.00' },
    ]);
    expect(await ds.query(`SELECT code, level, parent_code, sector FROM naics WHERE code IN ('31-33', '311', '3111') ORDER BY level`)).toEqual([
      { code: '31-33', level: 2, parent_code: null, sector: '31-33' },
      { code: '311', level: 3, parent_code: '31-33', sector: '31-33' },
      { code: '3111', level: 4, parent_code: '311', sector: '31-33' },
    ]);
  });

  it('rural means outside every metropolitan area: 3,222 - 1,252 metro counties', async () => {
    expect(await count('SELECT count(*) AS n FROM county WHERE NOT rural')).toBe(1252);
    // a micropolitan county is rural but keeps its CBSA
    const [micro] = await ds.query(`SELECT c.rural, b.kind FROM county c JOIN cbsa b ON b.code = c.cbsa_code WHERE c.fips = '46013'`);
    expect(micro).toEqual({ rural: true, kind: 'micropolitan' });
  });

  it('links technology skills to SOC codes and OEWS wages to detailed SOCs', async () => {
    const [link] = await ds.query(`SELECT hot FROM occupation_skill WHERE soc_code = '15-1252' AND skill_id = 'onet:python'`);
    expect(link).toEqual({ hot: true });
    const [oews] = await ds.query(`SELECT employment, annual_median::float AS median FROM oews_national WHERE soc_code = '15-1252'`);
    expect(oews.employment).toBeGreaterThan(1_000_000);
    expect(oews.median).toBeGreaterThan(100_000);
    const [onet] = await ds.query(`SELECT soc_code, job_zone FROM onet_occupation WHERE code = '15-1252.00'`);
    expect(onet).toEqual({ soc_code: '15-1252', job_zone: 4 });
  });

  it('loading again skips every taxonomy; a forced reload rewrites nothing and duplicates nothing', async () => {
    const before = await ds.query('SELECT taxonomy, loaded_at FROM taxonomy_version ORDER BY taxonomy');
    const logs: string[] = [];
    const counts = await loadTaxonomies(ds, (m) => logs.push(m));
    expect(counts).toMatchObject({ naics: 2125, county: 3222, cip_soc: 6097, esco_skill: 13896 });
    expect(logs.filter((l) => UNIT.test(l) && l.includes('up to date'))).toHaveLength(7);
    expect(await ds.query('SELECT taxonomy, loaded_at FROM taxonomy_version ORDER BY taxonomy')).toEqual(before);

    const forced: string[] = [];
    await loadTaxonomies(ds, (m) => forced.push(m), { force: true });
    expect(forced.filter((l) => UNIT.test(l) && / \(0 rows written/.test(l))).toHaveLength(7);
    // Other spec files add skills of source 'test' (fixtures); the reference taxonomies are the rest.
    expect(await count("SELECT count(*) AS n FROM skill WHERE source <> 'test'")).toBe(8775 + 13896);
    expect(await count('SELECT count(*) AS n FROM county')).toBe(3222);
  });

  it('repairs a table that lost rows even though its version is recorded', async () => {
    await ds.query(`DELETE FROM oews_national WHERE soc_code LIKE '15-%'`);
    const logs: string[] = [];
    await loadTaxonomies(ds, (m) => logs.push(m));
    expect(logs.some((l) => l.startsWith('  OEWS') && !l.includes('up to date'))).toBe(true);
    expect(await count('SELECT count(*) AS n FROM oews_national')).toBe(831);
  });

  it('builds the skill dictionary for extraction from the skill table', async () => {
    const dict = (await loadSkillDictionary(ds)).filter((d) => !d.id.startsWith('test-'));
    expect(dict).toHaveLength(8775 + 13896);
    expect(dict.find((d) => d.id === 'onet:microsoft-excel')).toEqual({ id: 'onet:microsoft-excel', name: 'Microsoft Excel', altLabels: [] });
    const esco = dict.find((d) => d.id === 'esco:0005c151-5b5a-4a66-8aac-60e734beb1ab');
    expect(esco?.altLabels).toContain('direct musical staff');
    expect(await loadSkillDictionary(ds, { sources: ['onet'] })).toHaveLength(8775);
  });
});
