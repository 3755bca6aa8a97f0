import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractionDictionary, ExtractionHints, ExtractionResult, ExtractorOptions, ExtractorSnapshot, StoredExtraction } from './extractor.js';

// Extraction on worker threads: each worker makes its own extractor from the dictionary once (a
// snapshot of one built on the main thread, or the file cache: tens of ms; building it is about a
// second of CPU for the full O*NET + ESCO + catalog dictionary) and then extracts the chunks of
// each batch it is sent. The ingest pipeline keeps parsing and COPY on the main thread.

export interface ExtractionPoolOptions extends Omit<ExtractorOptions, 'snapshot'> {
  dictionary: ExtractionDictionary;
  /** the tables of an extractor already built from this dictionary (`extractor.snapshot()`): the workers build nothing */
  snapshot?: ExtractorSnapshot;
  /** without a snapshot, the workers read (or build and write) the extractor file cache (extractor-cache.ts) */
  cache?: boolean;
  /** worker threads (default: available cores - 1, at least 1) */
  threads?: number;
  /** texts per message; smaller chunks balance better, larger ones cost fewer messages (default 64) */
  chunkSize?: number;
  /**
   * Heap limits of each worker (MB). A worker's live set is its extractor (~40 MB of heap and ~50 MB
   * of buffers) plus one chunk; without a limit V8 lets garbage grow the heap by hundreds of MB
   * before it collects (a 100k-posting load peaked ~280 MB above the main-thread run).
   */
  heapMb?: { old?: number; young?: number };
}

/** One posting: its text, or its text with structured section hints. */
export type ExtractionInput = string | { text: string; hints?: ExtractionHints };

export interface ExtractionPool {
  readonly threads: number;
  /** Resolves when every worker has built its extractor (extractBatch waits for this itself). */
  ready(): Promise<void>;
  /** Results in the order of the inputs. */
  extractBatch(inputs: readonly ExtractionInput[]): Promise<ExtractionResult[]>;
  /** The stored part of the results (ids, levels, candidates, degree), in the order of the inputs: less to clone back. */
  extractStoredBatch(inputs: readonly ExtractionInput[]): Promise<StoredExtraction[]>;
  /** Stops the workers; pending batches are rejected. */
  close(): Promise<void>;
}

/** Messages between the pool and a worker. */
export type PoolRequest = { id: number; inputs: ExtractionInput[]; stored?: boolean };
export type PoolReply = { id: number; results: ExtractionResult[] | StoredExtraction[] } | { id: number; error: string } | { ready: true } | { fatal: string };

interface Pending {
  resolve: (r: ExtractionResult[] | StoredExtraction[]) => void;
  reject: (e: Error) => void;
}

/**
 * The compiled worker script. From the compiled library it sits beside this file; when this file
 * runs from TypeScript sources (tests), the compiled copy under dist/ is used.
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./extraction.worker.js', import.meta.url));
  return here.replace(/[\\/]src[\\/]extraction[\\/]pool\.ts$/, '/dist/extraction/extraction.worker.js');
}

export function createExtractionPool(options: ExtractionPoolOptions): ExtractionPool {
  const threads = Math.max(1, Math.floor(options.threads ?? Math.max(1, availableParallelism() - 1)));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 64));
  const file = workerFile();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let failure: Error | null = null;
  const idle: Worker[] = [];
  const queue: PoolRequest[] = [];

  const failAll = (err: Error): void => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    queue.length = 0;
  };

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop() as Worker;
      const job = queue.shift() as PoolRequest;
      w.postMessage(job satisfies PoolRequest);
    }
  };

  const workers: Worker[] = [];
  const readies: Promise<void>[] = [];
  for (let i = 0; i < threads; i++) {
    const limits = options.heapMb ? { resourceLimits: { ...(options.heapMb.old ? { maxOldGenerationSizeMb: options.heapMb.old } : {}), ...(options.heapMb.young ? { maxYoungGenerationSizeMb: options.heapMb.young } : {}) } } : {};
    const w = new Worker(file, { workerData: { dictionary: options.dictionary, deriveAliases: options.deriveAliases, snapshot: options.snapshot, cache: options.cache }, ...limits });
    workers.push(w);
    readies.push(
      new Promise<void>((resolve, reject) => {
        w.on('message', (msg: PoolReply) => {
          if ('ready' in msg) {
            idle.push(w);
            resolve();
            dispatch();
            return;
          }
          if ('fatal' in msg) {
            const err = new Error(`extraction worker failed to start: ${msg.fatal}`);
            reject(err);
            failAll(err);
            return;
          }
          idle.push(w);
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (p) {
            if ('error' in msg) p.reject(new Error(`extraction worker: ${msg.error}`));
            else p.resolve(msg.results);
          }
          dispatch();
        });
        w.on('error', (err) => {
          reject(err);
          failAll(err instanceof Error ? err : new Error(String(err)));
        });
        w.on('exit', (code) => {
          if (!closed) {
            const err = new Error(`extraction worker exited with code ${code}`);
            reject(err);
            failAll(err);
          }
        });
      }),
    );
  }
  const allReady = Promise.all(readies).then(() => undefined);
  // a start-up failure is reported through ready()/extractBatch(), never as an unhandled rejection
  allReady.catch(() => undefined);

  const run = (inputs: ExtractionInput[], stored: boolean): Promise<ExtractionResult[] | StoredExtraction[]> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (closed) return reject(new Error('extraction pool is closed'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      queue.push(stored ? { id, inputs, stored } : { id, inputs });
      dispatch();
    });
  const batch = async (inputs: readonly ExtractionInput[], stored: boolean): Promise<(ExtractionResult | StoredExtraction)[]> => {
    if (inputs.length === 0) return [];
    // enough chunks to keep every worker busy, but never more than chunkSize texts per message
    const size = Math.max(1, Math.min(chunkSize, Math.ceil(inputs.length / threads)));
    const parts: Promise<(ExtractionResult | StoredExtraction)[]>[] = [];
    for (let i = 0; i < inputs.length; i += size) parts.push(run(inputs.slice(i, i + size), stored));
    return (await Promise.all(parts)).flat();
  };

  return {
    threads,
    ready: () => allReady,
    extractBatch: (inputs) => batch(inputs, false) as Promise<ExtractionResult[]>,
    extractStoredBatch: (inputs) => batch(inputs, true) as Promise<StoredExtraction[]>,
    async close() {
      if (closed) return;
      closed = true;
      failAll(new Error('extraction pool is closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
