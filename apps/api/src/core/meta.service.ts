import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DataMeta {
  taxonomyVersions: Record<string, string>;
  dataAsOf: string | null;
  demo: boolean;
}

/** Facts every answer carries: taxonomy versions, when data was last loaded, whether it is demo data. */
@Injectable()
export class MetaService {
  private cache: { at: number; meta: DataMeta } | undefined;

  constructor(private readonly ds: DataSource) {}

  async get(): Promise<DataMeta> {
    // Short cache: the meta is read by every request; a finished ingest calls invalidate().
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache.meta;
    const meta = await readMeta(this.ds);
    this.cache = { at: Date.now(), meta };
    return meta;
  }

  invalidate(): void {
    this.cache = undefined;
  }
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
