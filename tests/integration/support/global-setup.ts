import type { TestProject } from 'vitest/node';
import { connect, openDatabase, type DatabaseHandle } from '../../../apps/api/src/database/database.js';
import { loadTaxonomies } from '../../../apps/api/src/modules/taxonomy/taxonomy.loader.js';

let handle: DatabaseHandle | undefined;

// Migrates once and loads the reference taxonomies once; test files then truncate the fact tables
// they use. With DATABASE_URL the given PostgreSQL is used (CI creates a fresh one per run).
export default async function setup(project: TestProject) {
  handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '', pgliteDir: '' }, { inMemory: true });
  const ds = await connect(handle);
  await loadTaxonomies(ds, () => undefined);
  await ds.destroy();
  project.provide('databaseUrl', handle.url);
  project.provide('databaseMode', handle.mode);
  return async () => {
    await handle?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseMode: 'embedded' | 'postgres';
  }
}
