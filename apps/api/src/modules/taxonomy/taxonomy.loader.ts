import {
  readCip,
  readCipSoc,
  readEscoSkills,
  readNaics,
  readOewsNational,
  readOnet,
  readRegions,
  readSoc,
  TAXONOMY_DATA_DIR,
  TAXONOMY_FILES,
  TAXONOMY_VERSIONS,
  taxonomyFingerprint,
  type SkillRecord,
  type TaxonomyKey,
} from '@credpulse/taxonomy';
import type { DataSource, QueryRunner } from 'typeorm';
import { bulkUpsert, deleteStale, type BulkTarget } from './bulk-upsert.js';
import { loadCredentialCatalog } from './credential-catalog.loader.js';
import { syncSkillConcepts } from './skill-concepts.js';

export type Progress = (msg: string) => void;

// How to count what is loaded for each recorded taxonomy (checked before skipping a unit).
const COUNT_SQL: Record<TaxonomyKey, string> = {
  naics: 'SELECT count(*)::int AS n FROM naics',
  soc: 'SELECT count(*)::int AS n FROM soc',
  cip: 'SELECT count(*)::int AS n FROM cip',
  cip_soc: 'SELECT count(*)::int AS n FROM cip_soc',
  state: 'SELECT count(*)::int AS n FROM state',
  county: 'SELECT count(*)::int AS n FROM county',
  cbsa: 'SELECT count(*)::int AS n FROM cbsa',
  onet_occupation: 'SELECT count(*)::int AS n FROM onet_occupation',
  onet_technology_skill: "SELECT count(*)::int AS n FROM skill WHERE source = 'onet'",
  onet_occupation_skill: 'SELECT count(*)::int AS n FROM occupation_skill',
  esco_skill: "SELECT count(*)::int AS n FROM skill WHERE source = 'esco'",
  oews_national: 'SELECT count(*)::int AS n FROM oews_national',
};

const T = {
  naics: { table: 'naics', key: ['code'], columns: cols('code text, title text, level smallint, parent_code text, sector text') },
  soc: { table: 'soc', key: ['code'], columns: cols('code text, title text, level text, parent_code text, major_code text, definition text') },
  cip: { table: 'cip', key: ['code'], columns: cols('code text, title text, level smallint, parent_code text, definition text') },
  cipSoc: { table: 'cip_soc', key: ['cip_code', 'soc_code'], columns: cols('cip_code text, soc_code text') },
  state: { table: 'state', key: ['fips'], columns: cols('fips text, usps text, name text') },
  cbsa: { table: 'cbsa', key: ['code'], columns: cols('code text, title text, kind text') },
  county: { table: 'county', key: ['fips'], columns: cols('fips text, state_fips text, name text, cbsa_code text, central boolean, rural boolean') },
  onetOccupation: { table: 'onet_occupation', key: ['code'], columns: cols('code text, soc_code text, title text, description text, job_zone smallint') },
  skill: { table: 'skill', key: ['id'], columns: cols('id text, source text, name text, alt_labels text[], kind text, hot boolean') },
  occupationSkill: { table: 'occupation_skill', key: ['soc_code', 'skill_id'], columns: cols('soc_code text, skill_id text, hot boolean, in_demand boolean') },
  oews: {
    table: 'oews_national',
    key: ['soc_code'],
    columns: cols('soc_code text, title text, year smallint, employment integer, annual_mean numeric, annual_p10 numeric, annual_p25 numeric, annual_median numeric, annual_p75 numeric, annual_p90 numeric, hourly_median numeric'),
  },
} satisfies Record<string, BulkTarget>;

function cols(spec: string): BulkTarget['columns'] {
  return spec.split(',').map((c) => {
    const [name, ...type] = c.trim().split(/\s+/);
    return { name, type: type.join(' ') };
  });
}

// Bump when a parser or the mapping to tables changes, so existing databases reload.
const LOADER_REVISION = 'taxonomy-loader-1';

/** A group of taxonomies loaded together in one transaction. */
interface Unit {
  name: string;
  files: keyof typeof TAXONOMY_FILES;
  /** The taxonomy_version keys this group records. */
  keys: TaxonomyKey[];
  /** Parses the shipped files: the row count of each taxonomy and how to write them. */
  prepare(): { counts: Partial<Record<TaxonomyKey, number>>; write(qr: QueryRunner): Promise<number> };
}

const skillRow = (s: SkillRecord) => ({ id: s.id, source: s.source, name: s.name, alt_labels: s.altLabels, kind: s.kind, hot: s.hot });

const UNITS: Unit[] = [
  {
    name: 'NAICS 2022',
    files: 'naics',
    keys: ['naics'],
    prepare() {
      const rows = readNaics().map((r) => ({ code: r.code, title: r.title, level: r.level, parent_code: r.parentCode, sector: r.sector }));
      return { counts: { naics: rows.length }, write: async (qr) => (await bulkUpsert(qr, T.naics, rows)) + (await deleteStale(qr, T.naics, rows)) };
    },
  },
  {
    name: 'SOC 2018',
    files: 'soc',
    keys: ['soc'],
    prepare() {
      const rows = readSoc().map((r) => ({ code: r.code, title: r.title, level: r.level, parent_code: r.parentCode, major_code: r.majorCode, definition: r.definition }));
      return { counts: { soc: rows.length }, write: async (qr) => (await bulkUpsert(qr, T.soc, rows)) + (await deleteStale(qr, T.soc, rows)) };
    },
  },
  {
    name: 'CIP 2020 and the CIP-SOC crosswalk',
    files: 'cip',
    keys: ['cip', 'cip_soc'],
    prepare() {
      const cip = readCip().codes.map((r) => ({ code: r.code, title: r.title, level: r.level, parent_code: r.parentCode, definition: r.definition }));
      const links = readCipSoc().map((r) => ({ cip_code: r.cipCode, soc_code: r.socCode }));
      return {
        counts: { cip: cip.length, cip_soc: links.length },
        write: async (qr) =>
          (await bulkUpsert(qr, T.cip, cip)) + (await deleteStale(qr, T.cip, cip)) + (await bulkUpsert(qr, T.cipSoc, links)) + (await deleteStale(qr, T.cipSoc, links)),
      };
    },
  },
  {
    name: 'States, counties and CBSAs',
    files: 'regions',
    keys: ['state', 'cbsa', 'county'],
    prepare() {
      const geo = readRegions();
      const kindOf = new Map(geo.cbsas.map((c) => [c.code, c.kind]));
      const membership = new Map(geo.cbsaCounties.map((c) => [c.countyFips, c]));
      const states = geo.states.map((s) => ({ fips: s.fips, usps: s.usps, name: s.name }));
      const cbsas = geo.cbsas.map((c) => ({ code: c.code, title: c.title, kind: c.kind }));
      const counties = geo.counties.map((c) => {
        const m = membership.get(c.fips);
        // Rural: outside every metropolitan statistical area (micropolitan counties are rural).
        return { fips: c.fips, state_fips: c.stateFips, name: c.name, cbsa_code: m?.cbsaCode ?? null, central: m ? m.central : null, rural: !m || kindOf.get(m.cbsaCode) !== 'metropolitan' };
      });
      return {
        counts: { state: states.length, cbsa: cbsas.length, county: counties.length },
        write: async (qr) => {
          let n = (await bulkUpsert(qr, T.state, states)) + (await bulkUpsert(qr, T.cbsa, cbsas)) + (await bulkUpsert(qr, T.county, counties));
          n += (await deleteStale(qr, T.county, counties)) + (await deleteStale(qr, T.cbsa, cbsas)) + (await deleteStale(qr, T.state, states));
          return n;
        },
      };
    },
  },
  {
    name: 'O*NET 29.3 occupations and technology skills',
    files: 'onet',
    keys: ['onet_occupation', 'onet_technology_skill', 'onet_occupation_skill'],
    prepare() {
      const onet = readOnet();
      const occupations = onet.occupations.map((o) => ({ code: o.code, soc_code: o.socCode, title: o.title, description: o.description, job_zone: o.jobZone }));
      const skills = onet.skills.map(skillRow);
      const links = onet.occupationSkills.map((l) => ({ soc_code: l.socCode, skill_id: l.skillId, hot: l.hot, in_demand: l.inDemand }));
      return {
        counts: { onet_occupation: occupations.length, onet_technology_skill: skills.length, onet_occupation_skill: links.length },
        write: async (qr) => {
          let n = (await bulkUpsert(qr, T.onetOccupation, occupations)) + (await deleteStale(qr, T.onetOccupation, occupations));
          n += await bulkUpsert(qr, T.skill, skills);
          n += (await deleteStale(qr, T.occupationSkill, links)) + (await bulkUpsert(qr, T.occupationSkill, links));
          n += await deleteStale(qr, T.skill, skills, "source = 'onet'");
          return n;
        },
      };
    },
  },
  {
    name: 'ESCO 1.1.1 skills',
    files: 'esco',
    keys: ['esco_skill'],
    prepare() {
      const skills = readEscoSkills().map(skillRow);
      return { counts: { esco_skill: skills.length }, write: async (qr) => (await bulkUpsert(qr, T.skill, skills)) + (await deleteStale(qr, T.skill, skills, "source = 'esco'")) };
    },
  },
  {
    name: 'OEWS May 2024 national',
    files: 'oews',
    keys: ['oews_national'],
    prepare() {
      const rows = readOewsNational().map((r) => ({
        soc_code: r.socCode,
        title: r.title,
        year: r.year,
        employment: r.employment,
        annual_mean: r.annualMean,
        annual_p10: r.annualP10,
        annual_p25: r.annualP25,
        annual_median: r.annualMedian,
        annual_p75: r.annualP75,
        annual_p90: r.annualP90,
        hourly_median: r.hourlyMedian,
      }));
      return { counts: { oews_national: rows.length }, write: async (qr) => (await bulkUpsert(qr, T.oews, rows)) + (await deleteStale(qr, T.oews, rows)) };
    },
  },
];

interface Recorded {
  taxonomy: string;
  version: string;
  source: string;
  row_count: number;
}

/**
 * Loads every reference taxonomy from libs/taxonomy/data. Idempotent: each group is upserted in one
 * transaction (unchanged rows are not rewritten, codes gone from a file are removed) and recorded in
 * taxonomy_version; a group whose recorded version, source and row count match the files and the
 * tables is skipped unless `force`. Returns the row count of each taxonomy.
 */
export async function loadTaxonomies(ds: DataSource, log: Progress, opts: { force?: boolean } = {}): Promise<Record<string, number>> {
  const started = Date.now();
  log(`Taxonomies: checking ${TAXONOMY_DATA_DIR}`);
  const recordedRows: Recorded[] = await ds.query('SELECT taxonomy, version, source, row_count FROM taxonomy_version');
  const recorded = new Map(recordedRows.map((r) => [r.taxonomy, r]));
  const counts: Record<string, number> = {};
  for (const unit of UNITS) {
    const t0 = Date.now();
    const fingerprint = taxonomyFingerprint(TAXONOMY_FILES[unit.files], LOADER_REVISION);
    // Up to date without parsing: every key recorded from these exact files, and the tables still
    // hold the recorded number of rows.
    let upToDate = !opts.force;
    for (const key of unit.keys) {
      if (!upToDate) break;
      const r = recorded.get(key);
      if (!r || r.version !== TAXONOMY_VERSIONS[key].version || r.source !== sourceOf(key, fingerprint)) upToDate = false;
      else {
        const [{ n: actual }] = await ds.query(COUNT_SQL[key]);
        if (actual !== r.row_count) upToDate = false;
        else counts[key] = actual;
      }
    }
    if (upToDate) {
      log(`  ${unit.name}: up to date (${unit.keys.map((k) => `${k} ${counts[k].toLocaleString('en-US')}`).join(', ')})`);
      continue;
    }
    const prepared = unit.prepare();
    const entries = Object.entries(prepared.counts) as [TaxonomyKey, number][];
    const summary = entries.map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query('SET LOCAL statement_timeout = 0');
      const written = await prepared.write(qr);
      for (const [key, n] of entries) {
        await qr.query(
          `INSERT INTO taxonomy_version (taxonomy, version, source, row_count, loaded_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (taxonomy) DO UPDATE SET version = EXCLUDED.version, source = EXCLUDED.source, row_count = EXCLUDED.row_count, loaded_at = now()`,
          [key, TAXONOMY_VERSIONS[key].version, sourceOf(key, fingerprint), n],
        );
      }
      await qr.commitTransaction();
      log(`  ${unit.name}: ${summary} (${written.toLocaleString('en-US')} rows written, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw new Error(`Loading ${unit.name} failed: ${(e as Error).message}`, { cause: e });
    } finally {
      await qr.release();
    }
    Object.assign(counts, prepared.counts);
  }

  // ---- Credential catalog -------------------------------------------------------------------
  // loadCredentialCatalog(ds, log) from ./credential-catalog.loader.ts is called HERE, after the
  // taxonomies it references (SOC, skills) are loaded. Owned by the credential catalog engineer.
  const catalog = await loadCredentialCatalog(ds, log, opts);
  counts['credential-catalog'] = catalog.credentials;
  // --------------------------------------------------------------------------------------------
  // One identity per skill: concepts across O*NET and ESCO, links moved onto them (skill-concepts.ts).
  await syncSkillConcepts(ds, log, { force: opts.force });

  log(`Taxonomies ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

/** What taxonomy_version.source records: the human description plus the files' fingerprint. */
function sourceOf(key: TaxonomyKey, fingerprint: string): string {
  return `${TAXONOMY_VERSIONS[key].source}; sha256 ${fingerprint}`;
}

/** Loads taxonomies when any is missing or was loaded from other files; fast no-op otherwise. */
export async function ensureTaxonomies(ds: DataSource, log: Progress): Promise<void> {
  const rows: { taxonomy: string; version: string; source: string }[] = await ds.query('SELECT taxonomy, version, source FROM taxonomy_version');
  const recorded = new Map(rows.map((r) => [r.taxonomy, r]));
  const current = UNITS.every((unit) => {
    const fingerprint = taxonomyFingerprint(TAXONOMY_FILES[unit.files], LOADER_REVISION);
    return unit.keys.every((k) => {
      const r = recorded.get(k);
      return r !== undefined && r.version === TAXONOMY_VERSIONS[k].version && r.source === sourceOf(k, fingerprint);
    });
  });
  // The credential catalog has its own file fingerprint check (a no-op when unchanged), so an edited
  // catalog reaches an existing database on the next start.
  if (current) {
    await loadCredentialCatalog(ds, log);
    await syncSkillConcepts(ds, log);
  } else await loadTaxonomies(ds, log);
}
