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
  if (opts.inMemory) growMemoryFilesGeometrically(pglite);
  const blobDevice = fastBlobDevice(pglite);
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    mode: 'embedded',
    url,
    poolSize: 1,
    options: dataSourceOptions(url, 1),
    lock,
    copyFromBlob: async (sql, data) => {
      // The bytes go to PGlite as they are: a Blob would copy them twice more (new Blob, then
      // PGlite's blob.arrayBuffer()), ~0.9 s of CPU per 100 MB; PGlite only calls arrayBuffer().
      const bytes = ENCODER.encode(data);
      blobDevice.bytes = bytes;
      try {
        await pglite.query(sql, [], { blob: { arrayBuffer: async () => bytes.buffer } as Blob });
      } finally {
        blobDevice.bytes = undefined;
      }
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

const ENCODER = new TextEncoder();

/** The slice of PGlite's Emscripten module this file reaches into (not in PGlite's public types). */
interface EmscriptenFs {
  makedev(major: number, minor: number): number;
  devices: Record<number, { stream_ops: { read: (stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number) => number } } | undefined>;
  filesystems: { MEMFS: MemFs };
}
interface MemFsNode {
  contents: Uint8Array;
  usedBytes: number;
}
interface MemFs {
  resizeFileStorage(node: MemFsNode, size: number): void;
  expandFileStorage(node: MemFsNode, size: number): void;
}
const fsOf = (db: PGlite) => (db as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;

/**
 * PGlite's /dev/blob device (major 64, minor 0, which COPY ... FROM '/dev/blob' reads) copies each
 * 64 kB read byte by byte in JavaScript; while `bytes` is set, reads come from it with one
 * TypedArray.set instead. Same bytes, same end of file; any other read goes to PGlite's own.
 */
function fastBlobDevice(db: PGlite): { bytes?: Uint8Array } {
  const state: { bytes?: Uint8Array } = {};
  const FS = fsOf(db);
  const ops = FS.devices[FS.makedev(64, 0)]?.stream_ops;
  if (!ops) return state;
  const own = ops.read;
  ops.read = (stream, buffer, offset, length, position) => {
    const bytes = state.bytes;
    if (!bytes) return own(stream, buffer, offset, length, position);
    if (position >= bytes.length) return 0;
    const size = Math.min(bytes.length - position, length);
    buffer.set(bytes.subarray(position, position + size), offset);
    return size;
  };
  return state;
}

/**
 * In memory (the tests, the bench with CREDPULSE_BENCH_MEMORY=1) PGlite's files are Emscripten MEMFS
 * arrays, and PostgreSQL extends a relation with fallocate, which MEMFS does as a truncate that
 * copies the whole file into a new array of exactly the new size: a 100 MB table grown 512 kB at a
 * time copied ~10 GB (57% of a 20k-row COPY's CPU). Growth here doubles the array instead (and
 * MEMFS's own growth for writes, 1.125x past 1 MB, too); shrinking keeps MEMFS's behaviour.
 */
function growMemoryFilesGeometrically(db: PGlite): void {
  const MEMFS = fsOf(db).filesystems.MEMFS;
  const resize = MEMFS.resizeFileStorage.bind(MEMFS);
  const grow = (node: MemFsNode, size: number) => {
    if (node.contents.length >= size) return;
    const contents = new Uint8Array(Math.max(size, node.contents.length * 2, 256));
    contents.set(node.contents.subarray(0, node.usedBytes));
    node.contents = contents;
  };
  MEMFS.expandFileStorage = grow;
  MEMFS.resizeFileStorage = (node, size) => {
    if (size <= node.usedBytes) return resize(node, size);
    grow(node, size);
    node.contents.fill(0, node.usedBytes, size);
    node.usedBytes = size;
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
