import type { Writable } from 'node:stream';
import { AsyncByteQueue } from 'apache-arrow';

/** Writes a chunk and waits for 'drain' when the destination is full (fails if it closes first). */
export function writeChunk(out: Writable, chunk: Uint8Array): Promise<void> | undefined {
  if (out.destroyed) return Promise.reject(new Error('export destination closed'));
  if (out.write(chunk)) return undefined;
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('export destination closed'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}

/**
 * An Arrow writer sink that hands out what was written so far. The writer's own queue grows without
 * bound when the reader is slow; taking the bytes after every batch and writing them with
 * back-pressure keeps memory flat.
 */
export class ChunkSink extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];

  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }

  take(): Uint8Array[] {
    const c = this.chunks;
    this.chunks = [];
    return c;
  }

  async flushTo(out: Writable): Promise<void> {
    for (const c of this.take()) await writeChunk(out, c);
  }
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
