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
    .option('--places <kind>', 'ingest: fips (generated postings carry county FIPS and SOC codes; the default) or text (free-text places and titles, timed against the same postings with codes: the coding overhead)')
    .option('--json', 'print one JSON object per line: {suite, metric, value, unit, baseline, ratio}')
    .action(async (suite: string, opts: { rows?: number; json?: boolean; places?: string }) => {
      const run = BENCH_SUITES[suite];
      if (!run) fail(new Error(`unknown bench suite "${suite}"; available: ${Object.keys(BENCH_SUITES).join(', ')}`));
      if (opts.places !== undefined && opts.places !== 'fips' && opts.places !== 'text') fail(new Error(`--places must be fips or text, got "${opts.places}"`));
      try {
        await run({ rows: opts.rows, json: opts.json === true, places: opts.places as 'fips' | 'text' | undefined });
      } catch (e) {
        fail(e);
      }
    });
}
