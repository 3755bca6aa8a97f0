import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { createApp } from '../../app.factory.js';
import { loadConfig } from '../../config/config.js';
import { connect, openDatabase } from '../../database/database.js';
import { ensureDemoData } from '../../modules/demo/demo.loader.js';
import { ensureTaxonomies } from '../../modules/taxonomy/taxonomy.loader.js';
import { fail, progress } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API and dashboard (migrates, loads taxonomies and demo data on first start)')
    .action(async () => {
      try {
        await serve();
      } catch (e) {
        fail(e);
      }
    });
}

export async function serve(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const handle = await openDatabase(config, { limits: { statementTimeoutSeconds: config.statementTimeoutSeconds, idleTxTimeoutSeconds: config.idleTxTimeoutSeconds } });
  progress(handle.mode === 'embedded' ? `Database: embedded PostgreSQL (PGlite) in ${config.pgliteDir}` : `Database: PostgreSQL at ${redact(handle.url)}`);
  let ds: DataSource | undefined;
  try {
    ds = await connect(handle);
    progress('Migrations: up to date.');
    await ensureTaxonomies(ds, progress);
    if (config.demo.enabled) await ensureDemoData(ds, { postings: config.demo.postings, awards: config.demo.awards, seed: 42 }, progress);
    const app = await createApp(config, handle, ds);
    app.enableShutdownHooks();
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    progress(`Credential Pulse is running at http://${shown}:${config.port} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const stop = async () => {
      await app.close();
      await handle.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    if (ds?.isInitialized) await ds.destroy().catch(() => undefined);
    await handle.close().catch(() => undefined);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`Invalid setting PORT: port ${config.port} is already in use`);
    throw e;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
