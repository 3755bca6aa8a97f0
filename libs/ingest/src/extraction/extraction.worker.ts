import { parentPort, workerData } from 'node:worker_threads';
import { createExtractor, toStored, type ExtractionDictionary, type Extractor } from './extractor.js';
import type { PoolReply, PoolRequest } from './pool.js';

// One extraction worker: builds the extractor from the dictionary it was started with, says
// ready, then answers each batch with the results in input order.

const port = parentPort;
if (!port) throw new Error('extraction.worker must run as a worker thread');
const reply = (msg: PoolReply): void => port.postMessage(msg);

let extractor: Extractor;
try {
  const { dictionary, deriveAliases } = workerData as { dictionary: ExtractionDictionary; deriveAliases?: boolean };
  extractor = createExtractor(dictionary, { deriveAliases });
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
