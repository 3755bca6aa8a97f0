import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dataDirOwner, describeOwner, type DataDirOwner } from '../database/data-dir-lock.js';
import type { CliContext, CommandIo, DatabaseCommand } from './context.js';

// The control socket lets CLI commands run inside the server that owns an embedded data directory
// (PGlite allows one process). It is a Unix socket in a directory only the server's user can enter
// (0700, the socket itself 0600): the file permissions are the authorisation, as with PostgreSQL's
// own socket. Protocol: the client sends one JSON line {command, args}; the server answers with
// JSON lines {o: stdout text} / {e: stderr text} and finally {exit: code}.

/** Unix socket paths are limited to 107 bytes on Linux. */
const MAX_SOCKET_PATH = 100;

export function controlSocketPath(dataDir: string): string {
  const inDataDir = join(dataDir, 'control', 'credpulse.sock');
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH) return inDataDir;
  const uid = process.getuid?.() ?? 0;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return join(tmpdir(), `credpulse-${uid}-${hash}`, 'credpulse.sock');
}

/** A private directory for the socket: created 0700, and refused when it is someone else's or a symlink. */
function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) throw new Error(`${dir} is not a directory of this user; remove it and start again`);
  chmodSync(dir, 0o700);
}

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

/** Serves the registered database commands on the server's control socket, one command at a time. */
export async function startControlServer(
  dataDir: string,
  commands: Record<string, DatabaseCommand<unknown>>,
  base: Omit<CliContext, 'io'>,
  /** Called after every command (the server drops what it cached about the data: a load changed it). */
  afterCommand: () => void = () => undefined,
): Promise<ControlServer> {
  const path = controlSocketPath(dataDir);
  privateDir(join(path, '..'));
  // a socket file left by a killed server (this process holds the data directory's lock now)
  try {
    unlinkSync(path);
  } catch {
    // none
  }
  let queue: Promise<unknown> = Promise.resolve();
  let running: string | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const send = (frame: object) => {
      if (!socket.destroyed) socket.write(JSON.stringify(frame) + '\n');
    };
    const io: CommandIo = { out: (text) => send({ o: text }), err: (text) => send({ e: text }) };
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      lines.close();
      let request: { command?: string; args?: unknown };
      try {
        request = JSON.parse(line);
      } catch {
        send({ e: 'credpulse: the server could not read the request\n', exit: 1 });
        return void socket.end();
      }
      const cmd = request.command === undefined ? undefined : commands[request.command];
      if (!cmd) {
        send({ e: `credpulse: the server does not run "${request.command}" for the CLI\n`, exit: 1 });
        return void socket.end();
      }
      const allowed = cmd.remote === true ? true : cmd.remote(request.args);
      if (allowed !== true) {
        send({ e: `credpulse: the server does not run \`credpulse ${cmd.name}\`: it ${allowed}\n`, exit: 1 });
        return void socket.end();
      }
      if (running) io.err(`Waiting for \`credpulse ${running}\` (another command run through the server) to finish...\n`);
      // one command at a time: the embedded database has one connection, and a second long
      // transaction would time out waiting for it
      const job = queue.then(async () => {
        if (socket.destroyed) return;
        running = cmd.name;
        let code: number;
        try {
          code = await cmd.run({ ...base, io }, request.args);
        } catch (e) {
          io.err(`credpulse: ${e instanceof Error ? e.message : String(e)}\n`);
          code = 1;
        } finally {
          running = undefined;
          afterCommand();
        }
        send({ exit: code });
        socket.end();
      });
      queue = job.catch(() => undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long the CLI waits for a server that is still starting (first start loads taxonomies and demo data). */
const STARTING_WAIT_MS = 600_000;

/** Sends one command to the server that owns the data directory and relays its output; returns its exit code. */
export async function runThroughServer(owner: DataDirOwner, command: string, args: unknown, io: CommandIo): Promise<number> {
  let current: DataDirOwner | undefined = owner;
  const until = Date.now() + STARTING_WAIT_MS;
  let told = false;
  while (current && current.socket === undefined) {
    if (!told) io.err(`Waiting for the server (pid ${current.pid}) to finish starting; it owns ${current.dataDir}...\n`);
    told = true;
    if (Date.now() > until) throw new Error(`${describeOwner(current)} and has not finished starting after ${STARTING_WAIT_MS / 1000} s`);
    await sleep(250);
    current = dataDirOwner(owner.dataDir);
  }
  if (!current || current.command !== 'serve') throw new Error(`the server (pid ${owner.pid}) that owned ${owner.dataDir} stopped; run the command again`);
  const path = current.socket!;
  io.err(`Running through the server (pid ${current.pid}${current.port !== undefined ? `, port ${current.port}` : ''}) that owns ${current.dataDir}.\n`);
  return new Promise<number>((resolve, reject) => {
    const socket = connect(path);
    let code: number | undefined;
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(`cannot reach the control socket ${path} of the server (pid ${current!.pid}): ${e.code ?? e.message}. If the server is stuck, stop it (kill ${current!.pid}) and run the command again.`)),
    );
    socket.once('connect', () => socket.write(JSON.stringify({ command, args }) + '\n'));
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const f = JSON.parse(line) as { o?: string; e?: string; exit?: number };
      if (f.o !== undefined) io.out(f.o);
      if (f.e !== undefined) io.err(f.e);
      if (f.exit !== undefined) code = f.exit;
    });
    socket.once('close', () => {
      if (code !== undefined) resolve(code);
      else reject(new Error(`the server (pid ${current!.pid}) closed the connection before the command finished (did it stop?)`));
    });
  });
}
