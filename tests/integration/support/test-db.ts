import { inject } from 'vitest';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../apps/api/src/config/config.js';
import { dataSourceOptions, type DatabaseHandle } from '../../../apps/api/src/database/database.js';

/** The database global setup prepared (migrated, taxonomies loaded). */
export function testHandle(): DatabaseHandle {
  const url = inject('databaseUrl');
  const mode = inject('databaseMode');
  const poolSize = mode === 'embedded' ? 1 : 4;
  return { mode, url, poolSize, options: dataSourceOptions(url, poolSize), close: async () => undefined };
}

export async function openTestDataSource(): Promise<DataSource> {
  const ds = new DataSource(testHandle().options);
  await ds.initialize();
  return ds;
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

// Every table that holds loaded (non-reference) data, children first.
const FACT_TABLES = [
  'posting_credential', 'posting_skill', 'job_posting', 'learner_outcome', 'credential_award',
  'credential_outcome_profile', 'credential_stack', 'credential_skill', 'credential_soc', 'credential_naics',
  'credential_cip', 'credential', 'provider', 'ingest_reject', 'ingest_run', 'custom_region_county', 'custom_region',
];

/** Empties every fact table (reference taxonomies stay) so a test file starts from a known state. */
export async function truncateFacts(ds: DataSource): Promise<void> {
  await ds.query(`TRUNCATE ${FACT_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  await ds.query(`DELETE FROM app_meta WHERE key IN ('demo', 'data_as_of')`);
}
