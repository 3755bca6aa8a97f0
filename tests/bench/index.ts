import { codeBench } from './code.bench.js';
import { exportBench } from './export.bench.js';
import { extractBench } from './extract.bench.js';
import { extractCheckBench } from './extract-check.bench.js';
import { httpLoadBench } from './http-load.bench.js';
import { ingestBench } from './ingest.bench.js';
import { loadBench } from './load.bench.js';
import { queriesBench } from './queries.bench.js';
import { publicDataBench } from './public-data.bench.js';
import type { BenchSuite } from './report.js';
import { xlsxBench } from './xlsx.bench.js';

// Suites register here: `npm run bench -- <name>`.
export const BENCH_SUITES: Record<string, BenchSuite> = {
  // Two issues named a suite `load`: the demo-data load rate (#2) and the HTTP load test at 10M
  // postings (#7). `load` runs both, in that order (--rows scales the HTTP part); each runs alone
  // as `demo-load` and `http-load`.
  load: async (opts) => {
    await loadBench({ ...opts, rows: undefined });
    await httpLoadBench(opts);
  },
  'demo-load': loadBench,
  export: exportBench,
  extract: extractBench,
  'extract-check': extractCheckBench,
  code: codeBench,
  ingest: ingestBench,
  queries: queriesBench,
  'http-load': httpLoadBench,
  'public-data': publicDataBench,
  xlsx: xlsxBench,
};
