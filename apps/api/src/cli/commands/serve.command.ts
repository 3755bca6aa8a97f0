import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { createApp } from '../../app.factory.js';
import { loadConfig } from '../../config/config.js';
import { DataDirBusyError, describeOwner } from '../../database/data-dir-lock.js';
import { connect, openDatabase } from '../../database/database.js';
import { ensureDemoData } from '../../modules/demo/demo.loader.js';
import { ensureTaxonomies } from '../../modules/taxonomy/taxonomy.loader.js';
import { MetaService } from '../../core/meta.service.js';
import { startControlServer, type ControlServer } from '../control-socket.js';
import { fail, progress } from '../context.js';
import { DATABASE_COMMANDS } from '../database-commands.js';
import { refusalMessage } from '../preflight.js';

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
  const handle = await openDatabase(config, {
    limits: { statementTimeoutSeconds: config.statementTimeoutSeconds, idleTxTimeoutSeconds: config.idleTxTimeoutSeconds },
    owner: 'serve',
    waitMs: 120_000,
    onWait: (o) => progress(`Waiting: ${describeOwner(o)}...`),
  }).catch((e) => {
    if (e instanceof DataDirBusyError) throw new Error(refusalMessage(e.owner, 'serve', 'serve'));
    throw e;
  });
  progress(handle.mode === 'embedded' ? `Database: embedded PostgreSQL (PGlite) in ${config.pgliteDir}` : `Database: PostgreSQL at ${redact(handle.url)}`);
  let ds: DataSource | undefined;
  let control: ControlServer | undefined;
  try {
    ds = await connect(handle);
    progress('Migrations: up to date.');
    await ensureTaxonomies(ds, progress);
    if (config.demo.enabled) await ensureDemoData(ds, { postings: config.demo.postings, awards: config.demo.awards, seed: 42 }, progress);
    const app = await createApp(config, handle, ds);
    // No app.enableShutdownHooks(): Nest re-raises the signal once its hooks ran, which killed the
    // process before the database closed and the data directory's lock was released. stop() below
    // runs the same hooks (app.close) and then closes the database.
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    const port = (app.getHttpServer().address() as { port: number }).port;
    if (handle.lock) {
      handle.lock.update({ host: config.host, port });
      // local CLI commands (users, ingest, export, ...) run in this process from now on
      const opened = ds;
      control = await startControlServer(config.dataDir, DATABASE_COMMANDS, { config, handle, ds: opened, service: async (type) => app.get(type) }, () =>
        // a load, user or catalog change made through the socket is seen by the next request at once
        app.get(MetaService).invalidate(),
      );
      handle.lock.update({ socket: control.path });
    }
    progress(`Credential Pulse is running at http://${shown}:${port} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    let stopping = false;
    const stop = async () => {
      // a second Ctrl-C does not wait for a long command to finish (the lock goes on exit)
      if (stopping) process.exit(1);
      stopping = true;
      await control?.close();
      await app.close();
      await handle.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    await control?.close().catch(() => undefined);
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
