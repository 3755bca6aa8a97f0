import type { Command } from 'commander';
import { BENCH_SUITES } from '../../../../../tests/bench/index.js';
import { fail } from '../context.js';
import { intArg } from './demo-data.command.js';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run a benchmark suite against a baseline measured in the same run (${Object.keys(BENCH_SUITES).join(', ')})`)
    .argument('<suite>', 'suite name')
    .option('--rows <n>', 'scale the suite down (or up) to N rows', intArg('--rows'))
    .option('--json', 'print one JSON object per line: {suite, metric, value, unit, baseline, ratio}')
    .action(async (suite: string, opts: { rows?: number; json?: boolean }) => {
      const run = BENCH_SUITES[suite];
      if (!run) fail(new Error(`unknown bench suite "${suite}"; available: ${Object.keys(BENCH_SUITES).join(', ')}`));
      try {
        await run({ rows: opts.rows, json: opts.json === true });
      } catch (e) {
        fail(e);
      }
    });
}
