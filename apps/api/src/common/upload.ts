import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Problem } from './problem.js';
import { UploadStalledError, watchUploadStall } from './stall.js';

/** An upload body saved to a temporary file: read it with open(), then remove(). */
export interface SpooledUpload {
  bytes: number;
  open(): ReadStream;
  remove(): Promise<void>;
}

/**
 * Saves a raw request body to a temporary file under the size limit (413) and the stall limit
 * (408 when no byte arrives for `stallSeconds`), before anything reads it: the transaction that
 * loads the file then never waits on the network, so a client trickling bytes holds no database
 * connection (on the embedded database, the only one). Memory stays at one chunk.
 */
export async function spoolUpload(req: Request, res: Response, maxBytes: number, stallSeconds: number): Promise<SpooledUpload> {
  const tooLarge = () =>
    new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'Payload too large', `The upload is larger than the limit of ${Math.round(maxBytes / 1048576)} MB (CREDPULSE_MAX_UPLOAD_MB); nothing was loaded. Split the file or raise the limit.`);
  const declared = Number(req.headers['content-length']);
  // Refuse before reading anything. The connection is kept: Node discards the rest of the body,
  // so a client still sending reads the 413 instead of a reset.
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const dir = await mkdtemp(join(tmpdir(), 'credpulse-upload-'));
  const path = join(dir, 'body');
  const remove = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const limiter = new ByteLimit(maxBytes);
  try {
    await spool(req, limiter, path, stallSeconds);
  } catch (e) {
    await remove();
    if (limiter.exceeded) throw tooLarge();
    if (e instanceof UploadStalledError) {
      // answer, then close: the client may still be sending (slowly)
      res.setHeader('Connection', 'close');
      throw new Problem(HttpStatus.REQUEST_TIMEOUT, 'Request timeout', `The upload sent nothing for ${stallSeconds} s (CREDPULSE_UPLOAD_STALL_SECONDS) and was cut; nothing was loaded.`);
    }
    throw new Problem(HttpStatus.BAD_REQUEST, 'Bad request', 'The upload was interrupted before its end; nothing was loaded.');
  }
  return { bytes: limiter.seen, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }), remove };
}

/**
 * Pipes the body through the size limit into `path`. On failure (too large, stalled, client gone)
 * the body is unpiped and drained rather than destroyed, so the client can still read the answer.
 */
function spool(req: Readable, limiter: ByteLimit, path: string, stallSeconds: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      stopWatching();
      req.unpipe(limiter);
      limiter.unpipe(out);
      out.destroy();
      req.resume();
      reject(e);
    };
    const stopWatching = watchUploadStall(req, stallSeconds, fail);
    req.once('error', fail);
    req.once('aborted', () => fail(new Error('upload aborted by the client')));
    limiter.once('error', fail);
    out.once('error', fail);
    out.once('finish', () => {
      if (settled) return;
      settled = true;
      stopWatching();
      resolve();
    });
    req.pipe(limiter).pipe(out);
  });
}

/** Passes bytes through until the limit, then fails the stream (chunked uploads have no Content-Length). */
class ByteLimit extends Transform {
  exceeded = false;
  seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) {
      this.exceeded = true;
      cb(new Error(`upload exceeds ${this.max} bytes`));
      return;
    }
    cb(null, chunk);
  }
}
