import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { DataDirBusyError, dataDirOwner, describeOwner, type DataDirOwner } from '../database/data-dir-lock.js';
import { connect, openDatabase, type DatabaseHandle } from '../database/database.js';
import { ensureTaxonomies } from '../modules/taxonomy/taxonomy.loader.js';
import { runThroughServer } from './control-socket.js';
import { refusalMessage } from './preflight.js';

/** Where a command writes: stdout for results, stderr for progress. A server relays both to the CLI. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  config: AppConfig;
  handle: DatabaseHandle;
  ds: DataSource;
  io: CommandIo;
  /** A service of the API (the running server's own instance when the command runs through it). */
  service<T>(type: Type<T>): Promise<T>;
}

/**
 * A CLI command that needs the database. Its arguments are plain JSON (paths absolute, stdin already
 * read) so that a running server can run it for the CLI through its control socket.
 */
export interface DatabaseCommand<A> {
  name: string;
  /** true: beside a running server the command runs in the server; a string: why it cannot. */
  remote: true | ((args: A) => true | string);
  /** Loads the reference taxonomies first when the database lacks them (with progress lines). */
  needsTaxonomies?: boolean;
  /** Apply pending migrations before running (default true). */
  migrate?: boolean;
  /** false: ctx.ds is not connected (the command opens its own DataSources from ctx.handle.options). */
  connect?: false;
  /** Exit code: 0 success, others as the command documents. */
  run(ctx: CliContext, args: A): Promise<number>;
}

export const stdio: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Prints progress on stderr so that stdout stays clean for --json output. */
export const progress = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

/** How long a CLI command waits while another CLI command holds the embedded data directory. */
const LOCK_WAIT_MS = 120_000;

/**
 * Runs a database command where it belongs: on the configured PostgreSQL; beside a running server
 * that owns the embedded data directory, inside that server (or refused at once, naming it); else
 * on the embedded directory, taken exclusively for the command's duration. Sets the exit code.
 */
export async function runDatabaseCommand<A>(cmd: DatabaseCommand<A>, args: A): Promise<void> {
  let code: number;
  try {
    const config = loadConfig();
    const owner = config.databaseUrl ? undefined : dataDirOwner(config.dataDir);
    if (owner?.command === 'serve') code = await throughServer(cmd, args, owner);
    else {
      try {
        code = await runLocally(cmd, args, config, stdio);
      } catch (e) {
        // a server took the directory between the look and the open
        if (e instanceof DataDirBusyError && e.owner.command === 'serve') code = await throughServer(cmd, args, e.owner);
        else throw e;
      }
    }
  } catch (e) {
    reportError(e, stdio);
    code = 1;
  }
  process.exitCode = code;
}

async function throughServer<A>(cmd: DatabaseCommand<A>, args: A, owner: DataDirOwner): Promise<number> {
  const allowed = cmd.remote === true ? true : cmd.remote(args);
  if (allowed !== true) {
    throw new Error(refusalMessage(owner, cmd.name, allowed));
  }
  return runThroughServer(owner, cmd.name, args, stdio);
}

/** Opens the database for one command (taking the embedded directory's lock), runs it, closes. */
export async function runLocally<A>(cmd: DatabaseCommand<A>, args: A, config: AppConfig, io: CommandIo): Promise<number> {
  const handle = await openDatabase(config, {
    owner: cmd.name,
    waitMs: LOCK_WAIT_MS,
    onWait: (o) => io.err(`Waiting: ${describeOwner(o)}...\n`),
  });
  let ds: DataSource | undefined;
  let app: INestApplicationContext | undefined;
  try {
    ds = cmd.connect === false ? new DataSource(handle.options) : await connect(handle, cmd.migrate ?? true);
    if (cmd.needsTaxonomies) await ensureTaxonomies(ds, (m) => io.err(`${m}\n`));
    const opened = ds;
    return await cmd.run(
      {
        config,
        handle,
        ds,
        io,
        service: async (type) => {
          // the job scheduler runs in the server only: a CLI command never delivers scheduled reports
          app ??= await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, schedules: undefined }, handle, opened), { logger: ['error'] });
          return app.get(type);
        },
      },
      args,
    );
  } finally {
    await app?.close();
    if (ds?.isInitialized) await ds.destroy();
    await handle.close();
  }
}

/** Opens the configured database, migrates it, runs fn, and always closes it (for commands that never run through a server). */
export async function withDatabase<T>(fn: (ctx: Omit<CliContext, 'service'>) => Promise<T>, opts: { migrate?: boolean; owner?: string } = {}): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config, { owner: opts.owner ?? 'cli', waitMs: LOCK_WAIT_MS, onWait: (o) => progress(`Waiting: ${describeOwner(o)}...`) });
  let ds: DataSource | undefined;
  try {
    ds = await connect(handle, opts.migrate ?? true);
    return await fn({ config, handle, ds, io: stdio });
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    await handle.close();
  }
}

/** One line naming what went wrong (the stack only with DEBUG set). */
export function reportError(err: unknown, io: CommandIo): void {
  if (err instanceof ConfigError) io.err(`credpulse: ${err.message}\n`);
  else if (err instanceof Error) io.err(`credpulse: ${err.message}\n${process.env.DEBUG ? err.stack + '\n' : ''}`);
  else io.err(`credpulse: ${String(err)}\n`);
}

/** Prints a fatal error the way a person can act on it, and exits non-zero. */
export function fail(err: unknown): never {
  reportError(err, stdio);
  process.exit(1);
}
