import type { BenchSuite } from './report.js';

// Suites register here: `npm run bench -- <name>`.
export const BENCH_SUITES: Record<string, BenchSuite> = {};
