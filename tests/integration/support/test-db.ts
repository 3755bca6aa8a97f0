import { inject } from 'vitest';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../apps/api/src/config/config.js';
import { dataSourceOptions, type DatabaseHandle } from '../../../apps/api/src/database/database.js';
import { PUBLIC_DATA_ROLLUPS, ROLLUP_TABLES } from '../../../apps/api/src/modules/analytics/catalogue/catalogue.js';

/** The database global setup prepared (migrated, taxonomies loaded). */
export function testHandle(): DatabaseHandle {
  const url = inject('databaseUrl');
  const mode = inject('databaseMode');
  const poolSize = mode === 'embedded' ? 1 : 4;
  return { mode, url, poolSize, options: dataSourceOptions(url, poolSize), close: async () => undefined };
}

export async function openTestDataSource(): Promise<DataSource> {
  // The embedded socket takes one connection; the previous file's connection may still be closing.
  for (let attempt = 1; ; attempt++) {
    const ds = new DataSource(testHandle().options);
    try {
      await ds.initialize();
      await ds.query('SELECT 1');
      return ds;
    } catch (e) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl: inject('databaseUrl'),
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp/credpulse-test',
    pgliteDir: '/tmp/credpulse-test/pglite',
    k: 10,
    demo: { enabled: false, postings: 0, awards: 0 },
    recordExports: false,
    anonymousViewer: true,
    sessionHours: 12,
    rateLimit: 100_000,
    maxUploadBytes: 64 * 1024 * 1024,
    secret: 'test-secret-not-for-production',
    logLevel: 'error',
    ...overrides,
  };
}

// Every table that holds loaded (non-reference) data, children first. Credentials and providers are
// mixed: the credential catalog (source_key 'catalog:...') is reference data and stays.
const FACT_TABLES = [
  'posting_credential', 'posting_skill', 'job_posting', 'learner_outcome', 'credential_award',
  'credential_outcome_profile', 'ingest_reject', 'ingest_run', 'custom_region_county', 'custom_region',
  'public_data_load', 'ipeds_completion', 'ipeds_institution', 'oews_estimate', 'ep_projection', PUBLIC_DATA_ROLLUPS.ipedsCompletion.table,
  PUBLIC_DATA_ROLLUPS.publicDemandArea.table, PUBLIC_DATA_ROLLUPS.publicDemandSoc.table, PUBLIC_DATA_ROLLUPS.publicDemandProgram.table, PUBLIC_DATA_ROLLUPS.publicDemandRankArea.table, PUBLIC_DATA_ROLLUPS.publicDemandRank.table,
  'posting_credential_candidate', 'credential_candidate', 'posting_section', 'credential_alias', 'reextract_job',
];

/** Empties every fact table (reference taxonomies and the credential catalog stay) so a test file starts from a known state. */
export async function truncateFacts(ds: DataSource): Promise<void> {
  await ds.query(`TRUNCATE ${FACT_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  const loaded = `SELECT id FROM credential WHERE source_key NOT LIKE 'catalog:%'`;
  await ds.query(`DELETE FROM credential_stack WHERE part_id IN (${loaded}) OR whole_id IN (${loaded})`);
  for (const t of ['credential_skill', 'credential_soc', 'credential_naics', 'credential_cip']) await ds.query(`DELETE FROM ${t} WHERE credential_id IN (${loaded})`);
  await ds.query(`DELETE FROM credential WHERE source_key NOT LIKE 'catalog:%'`);
  await ds.query(`DELETE FROM provider WHERE source_key NOT LIKE 'catalog:%' AND id NOT IN (SELECT provider_id FROM credential WHERE provider_id IS NOT NULL)`);
  await ds.query(`DELETE FROM app_meta WHERE key IN ('demo', 'data_as_of')`);
  // The rollups of the facts just removed: empty, and never built (no rollup_state row), so the next
  // load refreshes its months rather than adding itself into another file's rollups (addPostingDelta).
  await ds.query(`TRUNCATE ${ROLLUP_TABLES.join(', ')}`);
  await ds.query(`DELETE FROM rollup_state`);
}
