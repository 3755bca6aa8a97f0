import { parentPort, workerData } from 'node:worker_threads';
import { createCachedExtractor } from './extractor-cache.js';
import { createExtractor, toStored, type ExtractionDictionary, type Extractor, type ExtractorSnapshot } from './extractor.js';
import type { PoolReply, PoolRequest } from './pool.js';

// One extraction worker: makes the extractor from the dictionary it was started with (from the
// snapshot it was given, else from the file cache when asked, else by building it), says ready,
// then answers each batch with the results in input order.

const port = parentPort;
if (!port) throw new Error('extraction.worker must run as a worker thread');
const reply = (msg: PoolReply): void => port.postMessage(msg);

let extractor: Extractor;
try {
  const { dictionary, deriveAliases, snapshot, cache } = workerData as { dictionary: ExtractionDictionary; deriveAliases?: boolean; snapshot?: ExtractorSnapshot; cache?: boolean };
  extractor = snapshot ? createExtractor(dictionary, { deriveAliases, snapshot }) : cache ? createCachedExtractor(dictionary, { deriveAliases }) : createExtractor(dictionary, { deriveAliases });
  reply({ ready: true });
} catch (err) {
  reply({ fatal: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

port.on('message', (msg: PoolRequest) => {
  try {
    const results = msg.inputs.map((x) => (typeof x === 'string' ? extractor.extract(x) : extractor.extract(x.text, x.hints)));
    reply({ id: msg.id, results: msg.stored ? results.map(toStored) : results });
  } catch (err) {
    reply({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
