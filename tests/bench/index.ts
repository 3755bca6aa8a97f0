import { exportBench } from './export.bench.js';
import { extractBench } from './extract.bench.js';
import { httpLoadBench } from './http-load.bench.js';
import { ingestBench } from './ingest.bench.js';
import { loadBench } from './load.bench.js';
import { queriesBench } from './queries.bench.js';
import type { BenchSuite } from './report.js';

// Suites register here: `npm run bench -- <name>`.
export const BENCH_SUITES: Record<string, BenchSuite> = {
  load: loadBench,
  export: exportBench,
  extract: extractBench,
  ingest: ingestBench,
  queries: queriesBench,
  'http-load': httpLoadBench,
};
