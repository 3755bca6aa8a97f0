import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

// One process owns an embedded (PGlite) data directory, the way postmaster.pid guards a PostgreSQL
// cluster: two processes on one PGlite directory do not fail, they corrupt each other's view (one
// hangs, writes of one are invisible to the other, a rolled-back write was seen surviving).

export const LOCK_FILE = 'credpulse.pid';

/** What the lock file says about the process that owns the data directory. */
export interface DataDirOwner {
  pid: number;
  /** Kernel start time of the owner (Linux /proc/<pid>/stat field 22): tells a reused pid from the owner. */
  procStart?: string;
  /** ISO time the lock was taken. */
  since: string;
  /** `serve` or the CLI command that holds the directory. */
  command: string;
  dataDir: string;
  /** A server's HTTP address, once it listens. */
  host?: string;
  port?: number;
  /** A server's control socket (local CLI commands run through it), once it accepts them. */
  socket?: string;
}

/** The data directory is owned by another live process. */
export class DataDirBusyError extends Error {
  constructor(readonly owner: DataDirOwner) {
    super(describeOwner(owner));
  }
}

export function describeOwner(o: DataDirOwner): string {
  if (o.command === 'serve') {
    const where = o.port !== undefined ? ` at http://${o.host === '0.0.0.0' || !o.host ? '127.0.0.1' : o.host}:${o.port}` : ' (starting)';
    return `the embedded database in ${o.dataDir} is owned by the running server (pid ${o.pid}${where})`;
  }
  return `the embedded database in ${o.dataDir} is in use by \`credpulse ${o.command}\` (pid ${o.pid}, since ${o.since})`;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: fields after the last ')' are fixed
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the process the lock names is still the one that wrote it. */
export function ownerAlive(o: DataDirOwner): boolean {
  if (!Number.isInteger(o.pid) || o.pid <= 0) return false;
  // A lock naming this very process but not held by it was left by an earlier life of this pid
  // (e.g. a container restart); postmaster.pid is treated the same way.
  if (o.pid === process.pid) return held.has(o.dataDir);
  try {
    process.kill(o.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (o.procStart !== undefined) {
    const now = procStart(o.pid);
    if (now !== undefined && now !== o.procStart) return false;
  }
  return true;
}

function readLockFile(file: string): DataDirOwner | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const o = JSON.parse(text) as DataDirOwner;
    return typeof o.pid === 'number' ? o : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** The live process owning the data directory, if any (a stale lock counts as none). */
export function dataDirOwner(dataDir: string): DataDirOwner | undefined {
  const o = readLockFile(join(dataDir, LOCK_FILE));
  return o && o !== 'unreadable' && ownerAlive(o) ? o : undefined;
}

const held = new Set<string>();

export interface DataDirLock {
  readonly file: string;
  readonly owner: DataDirOwner;
  /** Rewrites the lock with more about the owner (a server's port and control socket). */
  update(extra: Partial<Pick<DataDirOwner, 'host' | 'port' | 'socket'>>): void;
  release(): void;
}

function writeWhole(file: string, text: string, flag: 'wx' | 'w'): void {
  const fd = openSync(file, flag, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the exclusive lock on a data directory or throws DataDirBusyError naming the live owner.
 * A lock whose process is gone (killed, crashed) is recognised as stale and taken over.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const owner: DataDirOwner = { pid: process.pid, procStart: procStart(process.pid), since: new Date().toISOString(), command, dataDir };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      // O_CREAT|O_EXCL: of two processes racing for a free directory exactly one creates the file
      writeWhole(file, JSON.stringify(owner) + '\n', 'wx');
      return holdLock(file, owner);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const current = readLockFile(file);
    if (current === undefined) continue;
    if (current === 'unreadable') {
      // being written right now by a process that just created it, or truncated by a crash
      if (Date.now() - safeMtime(file) < 2000) {
        sleepSync(50);
        continue;
      }
    } else if (ownerAlive(current)) {
      throw new DataDirBusyError(current);
    }
    removeStale(file, current);
  }
  throw new Error(`could not take the lock ${file}: it keeps changing; is another credpulse starting on ${dataDir}?`);
}

function safeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes a stale lock; a short-lived takeover file keeps two processes from removing each other's fresh lock. */
function removeStale(file: string, stale: DataDirOwner | 'unreadable'): void {
  const takeover = `${file}.takeover`;
  try {
    writeWhole(takeover, String(process.pid), 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // a takeover lasts milliseconds; an old one was left by a process killed during it
    if (Date.now() - safeMtime(takeover) > 10_000) unlinkQuiet(takeover);
    else sleepSync(20);
    return;
  }
  try {
    const again = readLockFile(file);
    const same = again === 'unreadable' ? stale === 'unreadable' : again !== undefined && stale !== 'unreadable' && again.pid === stale.pid && again.since === stale.since;
    if (same) unlinkQuiet(file);
  } finally {
    unlinkQuiet(takeover);
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function holdLock(file: string, owner: DataDirOwner): DataDirLock {
  held.add(owner.dataDir);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(owner.dataDir);
    process.off('exit', release);
    const current = readLockFile(file);
    if (current && current !== 'unreadable' && current.pid === owner.pid && current.since === owner.since) unlinkQuiet(file);
  };
  // process.exit() skips finally blocks; the lock still goes
  process.on('exit', release);
  return {
    file,
    owner,
    update(extra) {
      Object.assign(owner, extra);
      const tmp = `${file}.${process.pid}.tmp`;
      writeWhole(tmp, JSON.stringify(owner) + '\n', 'w');
      renameSync(tmp, file);
    },
    release,
  };
}

/**
 * Takes the lock, waiting while another CLI command holds it (up to waitMs); a running server is
 * reported at once (DataDirBusyError), since its commands go through its control socket instead.
 */
export async function acquireDataDirLockWaiting(dataDir: string, command: string, opts: { waitMs: number; onWait?: (owner: DataDirOwner) => void }): Promise<DataDirLock> {
  const until = Date.now() + opts.waitMs;
  let told = false;
  for (;;) {
    try {
      return acquireDataDirLock(dataDir, command);
    } catch (e) {
      if (!(e instanceof DataDirBusyError) || e.owner.command === 'serve' || Date.now() > until) throw e;
      if (!told) opts.onWait?.(e.owner);
      told = true;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
