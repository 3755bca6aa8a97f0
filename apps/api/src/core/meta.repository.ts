import type { DataSource } from 'typeorm';

export interface DataMeta {
  taxonomyVersions: Record<string, string>;
  dataAsOf: string | null;
  demo: boolean;
}

export async function readMeta(ds: DataSource): Promise<DataMeta> {
  const versions: { taxonomy: string; version: string }[] = await ds.query('SELECT taxonomy, version FROM taxonomy_version ORDER BY taxonomy');
  const [row]: { demo: boolean | null; as_of: Date | string | null }[] = await ds.query(`
    SELECT (SELECT (value->>'synthetic')::boolean FROM app_meta WHERE key = 'demo') AS demo,
           GREATEST((SELECT max(finished_at) FROM ingest_run WHERE status IN ('succeeded', 'partial')),
                    (SELECT (value->>'at')::timestamptz FROM app_meta WHERE key = 'data_as_of')) AS as_of`);
  return {
    taxonomyVersions: Object.fromEntries(versions.map((v) => [v.taxonomy, v.version])),
    dataAsOf: row?.as_of ? new Date(row.as_of).toISOString() : null,
    demo: row?.demo === true,
  };
}

/** Records that the analytic data changed now (called after every ingest and demo load). */
export async function touchDataAsOf(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO app_meta(key, value) VALUES ('data_as_of', jsonb_build_object('at', now()))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
  );
}
