import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../../../migrations/index.js';
import { checkCatalogue } from '../modules/analytics/catalogue/check.js';
import { fillEmptyDerivedRollups } from '../modules/analytics/catalogue/refresh.js';
import { ensureDataDir, type AppConfig } from '../config/config.js';
import { acquireDataDirLockWaiting, type DataDirLock, type DataDirOwner } from './data-dir-lock.js';
import { registerIntArrayParser } from './int-array.js';

export type DatabaseMode = 'embedded' | 'postgres';

/** Per-connection limits of the server's PostgreSQL connections, in seconds (0 or absent = none). */
export interface SessionLimits {
  statementTimeoutSeconds?: number;
  idleTxTimeoutSeconds?: number;
}

/** A running database and the options every DataSource (app, CLI, tests) is built from. */
export interface DatabaseHandle {
  mode: DatabaseMode;
  url: string;
  /** pg pool size: 1 on the embedded database, whose socket serialises one connection. */
  poolSize: number;
  options: DataSourceOptions;
  /** The embedded data directory's owner lock (absent on PostgreSQL and in memory). */
  lock?: DataDirLock;
  /**
   * Embedded only: runs `COPY ... FROM '/dev/blob'` in PGlite itself with `data` as the blob. PGlite
   * has one session, which the socket's one connection uses: the COPY joins that connection's open
   * transaction. Call it only while that connection has no statement in flight.
   */
  copyFromBlob?: (sql: string, data: string) => Promise<void>;
  close(): Promise<void>;
}

/**
 * The one DataSource options factory. DATABASE_URL set: that PostgreSQL. Unset: PGlite persisted in
 * CREDPULSE_DATA_DIR/pglite, served in-process over the PostgreSQL wire protocol by pglite-socket so
 * that TypeORM, pg and pg-cursor work unchanged.
 */
export async function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'pgliteDir' | 'dataDir'>,
  opts: {
    inMemory?: boolean;
    poolSize?: number;
    /** Who takes the data directory's lock: `serve` or the CLI command's name. */
    owner?: string;
    /** How long to wait while another CLI command holds the directory (a server is reported at once). */
    waitMs?: number;
    onWait?: (owner: DataDirOwner) => void;
    limits?: SessionLimits;
  } = {},
): Promise<DatabaseHandle> {
  registerIntArrayParser();
  if (config.databaseUrl) {
    const poolSize = opts.poolSize ?? 10;
    // The server's connections (opts.limits, from serve): a runaway statement or a transaction left
    // idle is ended by PostgreSQL itself. Long writers (ingest, refresh, loads) lift the statement
    // limit with SET LOCAL. PGlite accepts these settings but never fires them (no timers in WASM:
    // pg_sleep(1) ran 1,025 ms under a 200 ms statement_timeout), so the embedded database relies
    // on the application's own limits (response and upload stall limits, spooled exports and uploads).
    const limits = opts.limits
      ? [
          ...(opts.limits.statementTimeoutSeconds ? [`-c statement_timeout=${Math.round(opts.limits.statementTimeoutSeconds * 1000)}`] : []),
          ...(opts.limits.idleTxTimeoutSeconds ? [`-c idle_in_transaction_session_timeout=${Math.round(opts.limits.idleTxTimeoutSeconds * 1000)}`] : []),
        ].join(' ')
      : '';
    return {
      mode: 'postgres',
      url: config.databaseUrl,
      poolSize,
      // JIT compilation costs 100-500 ms per statement and the metric queries are short: off.
      // work_mem 16 MB: a national year of rollup rows sorts and hashes in memory (the 4 MB default
      // spilled to disk); at most pool size x a few sorts, well within the machine.
      options: dataSourceOptions(config.databaseUrl, poolSize, { options: `-c jit=off -c work_mem=16MB${limits ? ` ${limits}` : ''}` }),
      close: async () => undefined,
    };
  }
  let lock: DataDirLock | undefined;
  if (!opts.inMemory) {
    ensureDataDir(config as AppConfig);
    // The lock comes before PGlite touches a file: a second process never opens the directory.
    lock = await acquireDataDirLockWaiting(config.dataDir, opts.owner ?? 'serve', { waitMs: opts.waitMs ?? 0, onWait: opts.onWait });
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create(opts.inMemory ? undefined : config.pgliteDir);
    // Two pg connections over one socket interleave their transactions; keep exactly one.
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 1 });
    await server.start();
  } catch (e) {
    await db?.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
  const pglite = db;
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    mode: 'embedded',
    url,
    poolSize: 1,
    options: dataSourceOptions(url, 1),
    lock,
    copyFromBlob: async (sql, data) => {
      await pglite.query(sql, [], { blob: new Blob([data]) });
    },
    close: async () => {
      try {
        await server.stop();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export function dataSourceOptions(url: string, poolSize: number, pgExtra: Record<string, unknown> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: allMigrations,
    migrationsTableName: 'migrations',
    entities: [],
    extra: { max: poolSize, idleTimeoutMillis: 0, connectionTimeoutMillis: 30_000, ...pgExtra },
    logging: false,
  };
}

/**
 * Initializes a DataSource, retrying for a few seconds: the embedded socket takes one connection,
 * and a DataSource destroyed just before may still be closing its own.
 */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  for (let attempt = 1; ; attempt++) {
    const ds = new DataSource(options);
    try {
      await ds.initialize();
      await ds.query('SELECT 1');
      return ds;
    } catch (e) {
      if (ds.isInitialized) await ds.destroy().catch(() => undefined);
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Opens a DataSource on the handle, applies pending migrations and checks that the rollup tables
 * are those the analytics catalogue declares.
 */
export async function connect(handle: DatabaseHandle, migrate = true): Promise<DataSource> {
  const ds = new DataSource(handle.options);
  await ds.initialize();
  if (migrate) {
    try {
      await ds.runMigrations({ transaction: 'each' });
      await checkCatalogue(ds);
      await fillEmptyDerivedRollups(ds);
    } catch (e) {
      await ds.destroy().catch(() => undefined);
      throw e;
    }
  }
  return ds;
}
