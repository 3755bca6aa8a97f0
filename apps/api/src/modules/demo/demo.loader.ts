import type { DataSource } from 'typeorm';
import type { Progress } from '../taxonomy/taxonomy.loader.js';

export interface DemoOptions {
  postings: number;
  awards: number;
  seed: number;
}

/** Generates and loads deterministic synthetic data. Implemented in issue #2. */
export async function generateDemoData(_ds: DataSource, _opts: DemoOptions, _log: Progress): Promise<void> {
  throw new Error('demo data is not implemented yet');
}

/** First start only: generate demo data when the database holds no postings and no awards. */
export async function ensureDemoData(ds: DataSource, opts: DemoOptions, log: Progress): Promise<void> {
  const [row] = await ds.query('SELECT EXISTS (SELECT 1 FROM job_posting) OR EXISTS (SELECT 1 FROM credential_award) AS has');
  if (row.has) return;
  await generateDemoData(ds, opts, log);
}
