import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirBusyError, dataDirOwner, LOCK_FILE } from './data-dir-lock.js';

// The pid of a process that has exited: what a SIGKILLed owner leaves in its lock file.
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('one owner per embedded data directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'credpulse-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a lock naming the owner, refuses a second owner by name, and removes the lock on release', () => {
    const lock = acquireDataDirLock(dir, 'serve');
    const written = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(written).toMatchObject({ pid: process.pid, command: 'serve', dataDir: dir });
    lock.update({ host: '127.0.0.1', port: 4321, socket: '/x.sock' });
    expect(dataDirOwner(dir)).toMatchObject({ pid: process.pid, port: 4321, socket: '/x.sock' });
    let err: unknown;
    try {
      acquireDataDirLock(dir, 'ingest');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirBusyError);
    expect((err as Error).message).toBe(`the embedded database in ${dir} is owned by the running server (pid ${process.pid} at http://127.0.0.1:4321)`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(dataDirOwner(dir)).toBeUndefined();
    acquireDataDirLock(dir, 'ingest').release();
  });

  it('recognises the lock of a killed process as stale and takes it over', () => {
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, since: '2026-01-01T00:00:00.000Z', command: 'serve', dataDir: dir, port: 3000 }));
    expect(dataDirOwner(dir)).toBeUndefined();
    const lock = acquireDataDirLock(dir, 'ingest');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'ingest' });
    lock.release();
  });

  it('treats a live pid that started later than the recorded owner (a reused pid) as stale', () => {
    // pid 1 is alive, but its start time is not the one recorded
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, procStart: '-1', since: '2026-01-01T00:00:00.000Z', command: 'serve', dataDir: dir }));
    const alive = dataDirOwner(dir);
    if (existsSync('/proc/1/stat')) expect(alive).toBeUndefined();
    acquireDataDirLock(dir, 'serve').release();
  });

  it('takes over a truncated lock file once it is old (a crash while writing it), not while it is fresh', () => {
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    acquireDataDirLock(dir, 'serve').release();
    expect(existsSync(file)).toBe(false);
  });
});
