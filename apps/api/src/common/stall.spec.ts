import { createServer, connect, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { watchUploadStall } from './stall.js';

// An upload is cut only when the CLIENT stops sending. Seen in a loaded full test run: bytes kept
// arriving, but the server's event loop was busy for longer than the stall limit (or its spool file
// was behind, so the body was paused), and the timer fired before the waiting bytes were read: a
// working upload was cut and the client saw a reset.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchUploadStall', () => {
  it('cuts a body that sends nothing for the limit', async () => {
    const body = new PassThrough();
    body.resume();
    let stalled = false;
    watchUploadStall(body, 0.1, () => (stalled = true));
    body.write('a');
    await sleep(400);
    expect(stalled).toBe(true);
  });

  it('does not cut a body we stopped reading (bytes wait in the stream: backpressure on our side)', async () => {
    const body = new PassThrough();
    let stalled = false;
    const stop = watchUploadStall(body, 0.1, () => (stalled = true));
    body.pause();
    body.write('waiting');
    await sleep(400);
    expect(stalled).toBe(false);
    stop();
  });

  it('does not cut an upload whose bytes arrived while the event loop was blocked past the limit', async () => {
    const server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    const client = connect(port, '127.0.0.1');
    const socket = await accepted;
    try {
      let stalled = false;
      let bytes = 0;
      socket.on('data', (c: Buffer) => (bytes += c.length));
      const stop = watchUploadStall(socket, 0.2, () => (stalled = true));
      // the client keeps sending (written to the kernel before the block), the server is busy 600 ms
      client.write(Buffer.alloc(1024, 1));
      await sleep(50);
      const until = Date.now() + 600;
      client.write(Buffer.alloc(1024, 2));
      while (Date.now() < until) {
        /* a long synchronous parse on the server's thread */
      }
      await sleep(30);
      expect(bytes).toBe(2048);
      expect(stalled).toBe(false);
      stop();
    } finally {
      client.destroy();
      socket.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
