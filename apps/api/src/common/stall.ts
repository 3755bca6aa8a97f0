import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * Aborts a response whose reader stopped reading: when the response has been waiting for 'drain'
 * (its buffer is full because the client reads nothing) for longer than `seconds`, it is destroyed,
 * which fails the writer feeding it, so that writer releases its database connection and rolls its
 * transaction back. A slow reader that keeps reading is never cut. Returns a function that stops
 * watching.
 */
export function abortStalledResponse(res: ServerResponse, seconds: number, onAbort?: () => void): () => void {
  let waitingSince: number | null = null;
  const onDrain = () => {
    waitingSince = null;
  };
  res.on('drain', onDrain);
  const timer = setInterval(
    () => {
      if (res.destroyed || res.writableFinished) return stop();
      if (!res.writableNeedDrain) {
        waitingSince = null;
        return;
      }
      waitingSince ??= Date.now();
      if (Date.now() - waitingSince >= seconds * 1000) {
        stop();
        onAbort?.();
        res.destroy(new Error(`the client read nothing for ${seconds} s (CREDPULSE_RESPONSE_STALL_SECONDS)`));
      }
    },
    Math.max(50, Math.min(1000, seconds * 200)),
  );
  timer.unref();
  function stop() {
    clearInterval(timer);
    res.off('drain', onDrain);
  }
  res.once('close', stop);
  return stop;
}

/** Raised by cutStalledUpload when the request body sends nothing for too long. */
export class UploadStalledError extends Error {
  constructor(readonly seconds: number) {
    super(`the upload sent nothing for ${seconds} s (CREDPULSE_UPLOAD_STALL_SECONDS)`);
  }
}

/**
 * Calls `onStall` when no byte of `body` arrives for `seconds` (a client trickling or stopping
 * mid-upload would otherwise hold the request, and whatever reads it, forever). Returns a function
 * that stops watching.
 */
export function watchUploadStall(body: Readable, seconds: number, onStall: (e: UploadStalledError) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let seen = 0;
  const arm = () => {
    seen++;
    if (timer) clearTimeout(timer);
    timer = setTimeout(expired, seconds * 1000);
    timer.unref();
  };
  // Only the client's silence counts. Bytes waiting in the stream (we stopped reading: the spool
  // file is behind) are not a stall, and after a blocked event loop the timer can fire before the
  // bytes that arrived meanwhile are read: let one turn of I/O run first, then decide.
  const expired = () => {
    if (stopped) return;
    if (body.readableLength > 0 || body.isPaused()) return arm();
    const before = seen;
    setImmediate(() => {
      if (stopped || seen !== before) return;
      stop();
      onStall(new UploadStalledError(seconds));
    });
  };
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    body.off('data', arm);
  };
  body.on('data', arm);
  body.once('end', stop);
  body.once('close', stop);
  arm();
  return stop;
}
