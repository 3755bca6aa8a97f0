import { connect, type Socket } from 'node:net';

// Clients that hold a request open (issue 20): the slow-client spec and the endpoint fuzz use them.

/** Opens a raw HTTP/1.1 request and returns the socket once the response headers arrived; then reads nothing more. */
export function neverDrain(port: number, path: string, key: string): Promise<{ socket: Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${key}\r\n\r\n`));
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause(); // from here on the client reads nothing: the kernel buffers fill, then the server's
      resolve({ socket, head: chunk.toString('latin1', 0, 200) });
    });
  });
}

/** Sends the headers and the first bytes of an upload, then nothing; resolves with what the server answered. */
export function stalledUpload(port: number, path: string, key: string): { answer: Promise<string>; socket: Socket } {
  const socket = connect(port, '127.0.0.1', () => {
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${key}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\nsource_key,title,posted_date\r\n`);
  });
  const answer = new Promise<string>((resolve) => {
    let got = '';
    socket.on('data', (c: Buffer) => (got += c.toString('utf8')));
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
  return { answer, socket };
}
