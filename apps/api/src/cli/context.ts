import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { connect, openDatabase, type DatabaseHandle } from '../database/database.js';

export interface CliContext {
  config: AppConfig;
  handle: DatabaseHandle;
  ds: DataSource;
}

/** Prints progress on stderr so that stdout stays clean for --json output. */
export const progress = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

/** Opens the configured database, migrates it, runs fn, and always closes it. */
export async function withDatabase<T>(fn: (ctx: CliContext) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase(config);
  let ds: DataSource | undefined;
  try {
    ds = await connect(handle, opts.migrate ?? true);
    return await fn({ config, handle, ds });
  } finally {
    if (ds?.isInitialized) await ds.destroy();
    await handle.close();
  }
}

/** Prints a fatal error the way a person can act on it, and exits non-zero. */
export function fail(err: unknown): never {
  if (err instanceof ConfigError) process.stderr.write(`credpulse: ${err.message}\n`);
  else if (err instanceof Error) process.stderr.write(`credpulse: ${err.message}\n${process.env.DEBUG ? err.stack + '\n' : ''}`);
  else process.stderr.write(`credpulse: ${String(err)}\n`);
  process.exit(1);
}
