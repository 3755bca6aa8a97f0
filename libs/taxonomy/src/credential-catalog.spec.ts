import { describe, expect, it } from 'vitest';
import { findStackCycle, parseCredentialCatalog, readCredentialCatalog, resolveCatalogSkills } from './credential-catalog.js';
import { readEscoSkills, readOewsNational, readOnet, readSoc } from './sources.js';

const catalog = readCredentialCatalog();

describe('the shipped credential catalog', () => {
  it('holds at least 60 credentials, micro-credentials and degrees alike, each under a unique slug and name', () => {
    expect(catalog.credentials.length).toBeGreaterThanOrEqual(60);
    expect(new Set(catalog.credentials.map((c) => c.sourceKey)).size).toBe(catalog.credentials.length);
    expect(catalog.credentials.filter((c) => c.type === 'degree' && !c.isMicro).length).toBeGreaterThanOrEqual(2);
    expect(catalog.credentials.every((c) => c.sourceKey === `catalog:${c.slug}`)).toBe(true);
  });

  it('targets only real detailed SOC 2018 occupations, most of which OEWS publishes employment for', () => {
    const detailed = new Set(readSoc().filter((s) => s.level === 'detailed').map((s) => s.code));
    const bad = catalog.credentials.flatMap((c) => c.socs.filter((s) => !detailed.has(s)).map((s) => `${c.slug}: ${s}`));
    expect(bad).toEqual([]);
    const employed = new Set(readOewsNational().filter((o) => (o.employment ?? 0) > 0).map((o) => o.socCode));
    const all = new Set(catalog.credentials.flatMap((c) => c.socs));
    const covered = [...all].filter((s) => employed.has(s)).length;
    expect(covered / all.size).toBeGreaterThan(0.9);
  });

  it('resolves every aligned skill name to an O*NET or ESCO skill id', () => {
    const skills = [...readOnet().skills, ...readEscoSkills()];
    const resolved = resolveCatalogSkills(catalog, skills);
    const ids = new Set(skills.map((s) => s.id));
    for (const c of catalog.credentials) {
      const got = resolved.get(c.slug) ?? [];
      expect(got.length, c.slug).toBe(new Set([...c.skills.onet, ...c.skills.esco]).size);
      expect(got.every((id) => ids.has(id))).toBe(true);
    }
    expect(resolved.get('comptia-security-plus')).toContain('onet:wireshark');
  });

  it('has stacking pathways without cycles, including the CompTIA infrastructure pathway and CAPM into PMP', () => {
    expect(findStackCycle(catalog.credentials)).toBeNull();
    const into = (slug: string) => catalog.credentials.find((c) => c.slug === slug)?.stacksInto ?? [];
    expect(into('comptia-a-plus')).toContain('comptia-network-plus');
    expect(into('comptia-network-plus')).toContain('comptia-security-plus');
    expect(into('comptia-security-plus')).toContain('comptia-cysa-plus');
    expect(into('pmi-capm')).toEqual(['pmi-pmp']);
    expect(into('cna')).toEqual(expect.arrayContaining(['lpn-license', 'rn-license']));
  });

  it('gives employers\' abbreviations as short names', () => {
    const short = (slug: string) => catalog.credentials.find((c) => c.slug === slug)?.shortNames ?? [];
    expect(short('comptia-security-plus')).toContain('Security+');
    expect(short('cisco-ccna')).toContain('CCNA');
    expect(short('cdl-class-a')).toContain('CDL-A');
    expect(short('pmi-pmp')).toContain('PMP');
  });
});

describe('catalog validation', () => {
  const base = { version: 't', providers: [{ key: 'p', name: 'P' }] };
  const cred = (over: Record<string, unknown>) => ({ slug: 'a', name: 'A', type: 'certification', isMicro: true, provider: 'p', socs: ['15-1212'], skills: { onet: [], esco: [] }, stacksInto: [], ...over });

  it('rejects an unknown skill name with its JSON pointer instead of dropping it', () => {
    const cat = parseCredentialCatalog(JSON.stringify({ ...base, credentials: [cred({ skills: { onet: ['Wireshark', 'Wireshrak'], esco: [] } })] }));
    expect(() => resolveCatalogSkills(cat, [{ id: 'onet:wireshark', source: 'onet', name: 'Wireshark' }])).toThrow(/\/credentials\/0\/skills\/onet\/1 "Wireshrak"/);
  });

  it('rejects a stacking cycle, an unknown stack target, a bad SOC code and an unknown type', () => {
    const two = [cred({ slug: 'a', stacksInto: ['b'] }), cred({ slug: 'b', name: 'B', stacksInto: ['a'] })];
    expect(() => parseCredentialCatalog(JSON.stringify({ ...base, credentials: two }))).toThrow(/stacking cycle a -> b -> a/);
    expect(() => parseCredentialCatalog(JSON.stringify({ ...base, credentials: [cred({ stacksInto: ['zzz'] })] }))).toThrow(/\/credentials\/0\/stacksInto\/0.*unknown credential "zzz"/);
    expect(() => parseCredentialCatalog(JSON.stringify({ ...base, credentials: [cred({ socs: ['151212'] })] }))).toThrow(/\/credentials\/0\/socs\/0/);
    expect(() => parseCredentialCatalog(JSON.stringify({ ...base, credentials: [cred({ type: 'diploma' })] }))).toThrow(/\/credentials\/0\/type/);
  });
});
