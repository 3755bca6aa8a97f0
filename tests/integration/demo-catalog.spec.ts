import { buildFullCatalog, readSoc } from '@credpulse/taxonomy';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCredentialCatalog } from '../../apps/api/src/modules/taxonomy/credential-catalog.loader.js';
import { openTestDataSource, truncateFacts } from './support/test-db.js';

// The credential catalog is reference data: loaded with the taxonomies, idempotent, kept by truncateFacts.
const catalog = buildFullCatalog({ knownSocs: new Set(readSoc().filter((s) => s.level === 'detailed').map((s) => s.code)) });
let ds: DataSource;

async function snapshot() {
  const [r] = await ds.query(`
    SELECT (SELECT count(*)::int FROM credential WHERE source_key LIKE 'catalog:%') AS credentials,
           (SELECT count(*)::int FROM provider WHERE source_key LIKE 'catalog:%') AS providers,
           (SELECT count(*)::int FROM credential_soc cs JOIN credential c ON c.id = cs.credential_id WHERE c.source_key LIKE 'catalog:%') AS socs,
           (SELECT count(*)::int FROM credential_skill cs JOIN credential c ON c.id = cs.credential_id WHERE c.source_key LIKE 'catalog:%') AS skills,
           (SELECT count(*)::int FROM credential_stack) AS stacks,
           (SELECT string_agg(id || '=' || source_key, ',' ORDER BY id) FROM credential WHERE source_key LIKE 'catalog:%') AS ids`);
  return r;
}

beforeAll(async () => {
  ds = await openTestDataSource();
  await truncateFacts(ds);
});

afterAll(async () => {
  await ds.destroy();
});

describe('credential catalog loading', () => {
  it('is loaded with the taxonomies: every credential, provider, target SOC, skill and stacking link', async () => {
    const s = await snapshot();
    expect(s.credentials).toBe(catalog.credentials.length);
    expect(s.providers).toBe(catalog.providers.length);
    expect(s.socs).toBe(catalog.credentials.reduce((a, c) => a + c.socs.length, 0));
    expect(s.skills).toBe(catalog.credentials.reduce((a, c) => a + new Set([...c.skills.onet, ...c.skills.esco, ...(c.skills.any ?? [])]).size, 0));
    expect(s.stacks).toBe(catalog.credentials.reduce((a, c) => a + c.stacksInto.length, 0));
    const [v] = await ds.query(`SELECT version, row_count FROM taxonomy_version WHERE taxonomy = 'credential-catalog'`);
    expect(v).toMatchObject({ row_count: catalog.credentials.length });
    expect(v.version).toContain(catalog.version);
  });

  it('stores short names, type, micro flag and provider as published in the catalog', async () => {
    const [sec] = await ds.query(`SELECT c.name, c.short_names, c.type, c.is_micro, p.name AS provider, c.currency,
        (SELECT array_agg(w.source_key ORDER BY w.source_key) FROM credential_stack s JOIN credential w ON w.id = s.whole_id WHERE s.part_id = c.id) AS into
      FROM credential c JOIN provider p ON p.id = c.provider_id WHERE c.source_key = 'catalog:comptia-security-plus'`);
    expect(sec).toMatchObject({ name: 'CompTIA Security+', type: 'certification', is_micro: true, provider: 'CompTIA', currency: 'USD' });
    expect(sec.short_names).toContain('Security+');
    expect(sec.into).toEqual(['catalog:aas-cybersecurity', 'catalog:comptia-cysa-plus']);
    const [deg] = await ds.query(`SELECT type, is_micro FROM credential WHERE source_key = 'catalog:aas-cybersecurity'`);
    expect(deg).toEqual({ type: 'degree', is_micro: false });
  });

  it('holds the New Jersey ETPL lists and credentials-csv lists: at least 2,000 credentials, each with a type, an issuer and its source', async () => {
    const [r] = await ds.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE provider_id IS NOT NULL AND external_ids ? 'source')::int AS sourced,
        count(*) FILTER (WHERE external_ids->>'source' LIKE 'NJ ETPL%')::int AS nj, count(*) FILTER (WHERE type = 'apprenticeship')::int AS apprenticeships
      FROM credential WHERE source_key LIKE 'catalog:%'`);
    expect(r.n).toBeGreaterThanOrEqual(2000);
    expect(r.sourced).toBe(r.n);
    expect(r.nj).toBeGreaterThan(1700);
    expect(r.apprenticeships).toBeGreaterThan(0);
    // a licence keeps its target occupation (O*NET-SOC 29-1171.00 -> SOC 29-1171)
    const [np] = await ds.query(`SELECT c.name, c.type, array_agg(s.soc_code) AS socs FROM credential c JOIN credential_soc s ON s.credential_id = c.id
      WHERE c.external_ids->>'source' LIKE 'NJ ETPL nj_etpl_TBLLICENSE_DATA_TABLE.csv ID 1197 %' GROUP BY c.id`);
    expect(np).toMatchObject({ name: 'Advanced Practice Nurse (Nurse Practitioner) license', type: 'license', socs: ['29-1171'] });
    // duplicates across lists are one credential with every source kept
    const [cpa] = await ds.query(`SELECT external_ids FROM credential WHERE source_key = 'catalog:cpa-license'`);
    expect(cpa.external_ids.alsoIn.join(' ')).toContain('TBLLICENSE_DATA_TABLE.csv ID 816');
  });

  it('loads idempotently: forcing a reload keeps ids and counts, an unchanged catalog is skipped', async () => {
    const before = await snapshot();
    const forced = await loadCredentialCatalog(ds, () => undefined, { force: true });
    expect(forced.skipped).toBe(false);
    expect(await snapshot()).toEqual(before);
    const again = await loadCredentialCatalog(ds, () => undefined);
    expect(again.skipped).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('survives truncateFacts while loaded credentials are removed', async () => {
    await ds.query(`INSERT INTO credential (source_key, name, type) VALUES ('ctdl:test-1', 'A loaded credential', 'badge')`);
    await truncateFacts(ds);
    const [r] = await ds.query(`SELECT count(*) FILTER (WHERE source_key LIKE 'catalog:%')::int AS catalog, count(*) FILTER (WHERE source_key = 'ctdl:test-1')::int AS loaded FROM credential`);
    expect(r).toEqual({ catalog: catalog.credentials.length, loaded: 0 });
  });
});
