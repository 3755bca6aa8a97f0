import { describe, expect, it } from 'vitest';
import { buildFullCatalog } from './credential-sources.js';
import { readSoc } from './sources.js';
import { cleanCredentialName, credentialAliases, isBareName, isDistinctiveName } from './credential-names.js';
import { credentialsCsvRow } from './credentials-csv.js';

const knownSocs = new Set(readSoc().filter((s) => s.level === 'detailed').map((s) => s.code));

const t0 = Date.now();
const catalog = buildFullCatalog({ knownSocs });
const ms = Date.now() - t0;

describe('credential catalog at real size', () => {
  if (process.env.CATALOG_DUMP) {
    console.log('ms', ms, 'creds', catalog.credentials.length, 'providers', catalog.providers.length, catalog.files, 'warnings', catalog.warnings.length);
    console.log(catalog.warnings.slice(0, 10));
    const byType: Record<string, number> = {};
    for (const y of catalog.credentials) byType[y.type] = (byType[y.type] ?? 0) + 1;
    console.log(byType);
    for (const x of catalog.credentials.filter((_y, i) => i % 53 === 0 || /CDL|CISSP|Nurse Pract|Plumber|Accountant/.test(_y.name)))
      console.log(x.slug, '|', x.name, '|', x.shortNames.join(' ; '), '|', x.type, x.provider, x.socs, x.source, x.alsoIn ?? '');
  }

  it('holds at least 2,000 credentials, each with a type, an issuer and its source', () => {
    expect(catalog.credentials.length).toBeGreaterThanOrEqual(2000);
    for (const c of catalog.credentials) {
      expect(c.source, c.name).toBeTruthy();
      expect(c.provider, c.name).toBeTruthy();
    }
  });
});

describe('credential names as employers write them', () => {
  it('"Class A Commercial Driver\'s License" and "Class A CDL" are forms of "Commercial Driver\'s License Class A (CDL-A)"', () => {
    const a = credentialAliases("Commercial Driver's License Class A (CDL-A)", { type: 'license', distinctive: true });
    expect(a).toContain("Class A Commercial Driver's License");
    expect(a).toContain("Commercial Driver's License Class A");
    expect(a).toContain('CDL-A');
  });
  it('"(ISC)2 CISSP" is written "CISSP"', () => {
    expect(cleanCredentialName('(ISC)2 CISSP')).toBe('ISC2 CISSP');
    expect(credentialAliases('(ISC)2 CISSP', { type: 'certification', issuer: 'ISC2' })).toContain('CISSP');
  });
  it('a name that is only a job title or a field counts only with a credential word', () => {
    expect(isDistinctiveName('Building Inspector')).toBe(false);
    expect(isDistinctiveName('Internet Security')).toBe(false);
    expect(isDistinctiveName('Certified Nursing Assistant')).toBe(true);
    const forms = credentialAliases('Plumber', { type: 'license' });
    expect(forms).toEqual(expect.arrayContaining(['Plumber license', 'licensed Plumber', 'Plumber licence']));
    expect(forms.some((f) => f.toLowerCase() === 'plumber')).toBe(false);
  });
  it('"AWS Certification" and bare credential words are never written forms', () => {
    expect(isBareName('Certification')).toBe(true);
    expect(isBareName('AWS Certification')).toBe(true);
    expect(isBareName('Google Ads Certification')).toBe(false);
  });
  it('merges list records that repeat a catalog credential, keeping every source', () => {
    const cpa = catalog.credentials.find((c) => c.slug === 'cpa-license');
    expect(cpa?.alsoIn?.some((s) => s.includes('ID 816'))).toBe(true);
    expect(catalog.credentials.filter((c) => /^Accountant \(CPA\)/.test(c.name))).toHaveLength(0);
  });
  it('drops SOC codes that are not SOC 2018 occupations from list records with a warning naming file and line', () => {
    const w = catalog.warnings.find((x) => x.reason.includes('"709"'));
    expect(w).toMatchObject({ file: 'credentials_nj_etpl/nj_etpl_TBLLICENSE_DATA_TABLE.csv', field: 'CODE' });
    expect(w?.line).toBeGreaterThan(1);
  });
});

describe('credentials-csv rows', () => {
  const row = (o: Record<string, string>) => credentialsCsvRow((f) => o[f], knownSocs);
  it('maps a row: short names split on "|", O*NET-SOC codes to SOC 2018, "licence" to license', () => {
    const r = row({ name: 'Forklift Operator Certification', short_names: 'forklift certified| forklift license', type: 'Licence', issuer: 'OSHA', target_soc: '53-7051.00; 53-7062', url: 'https://www.osha.gov/' });
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({ shortNames: ['forklift certified', 'forklift license'], type: 'license', socs: ['53-7051', '53-7062'] });
  });
  it('names every field that is wrong, and an unknown SOC is an error', () => {
    const r = row({ name: '', type: 'diploma-ish', target_soc: '99-9999|15-12', url: 'ftp://x' });
    expect(r.record).toBeUndefined();
    expect(r.problems.map((p) => p.field).sort()).toEqual(['name', 'target_soc', 'target_soc', 'type', 'url']);
    expect(r.problems.find((p) => p.reason.includes('99-9999'))?.reason).toMatch(/unknown SOC 99-9999/);
  });
});
