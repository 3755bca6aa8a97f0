import type { DataSource } from 'typeorm';

export type Progress = (msg: string) => void;

/** Loads every reference taxonomy (idempotent) and records versions. Implemented in issue #2. */
export async function loadTaxonomies(_ds: DataSource, _log: Progress, _opts: { force?: boolean } = {}): Promise<Record<string, number>> {
  throw new Error('taxonomy loading is not implemented yet');
}

/** Loads taxonomies when they are missing or out of date; fast no-op otherwise. */
export async function ensureTaxonomies(ds: DataSource, log: Progress): Promise<void> {
  const [row] = await ds.query('SELECT count(*)::int AS n FROM taxonomy_version');
  if (row.n > 0) return;
  await loadTaxonomies(ds, log);
}
