import { type Command, InvalidArgumentError } from 'commander';
import { generateDemoData } from '../../modules/demo/demo.loader.js';
import { runDatabaseCommand, type DatabaseCommand } from '../context.js';

export const intArg = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
};

export const demoData: DatabaseCommand<{ postings: number; awards: number; seed: number }> = {
  name: 'demo-data',
  remote: true,
  needsTaxonomies: true,
  async run({ ds, io }, a) {
    await generateDemoData(ds, a, (m) => io.err(`${m}\n`));
    return 0;
  },
};

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('generate deterministic SYNTHETIC postings, awards and outcomes and load them')
    .option('--postings <n>', 'number of job postings', intArg('--postings'), 50_000)
    .option('--awards <n>', 'number of credential awards', intArg('--awards'), 20_000)
    .option('--seed <n>', 'random seed (same seed, same data)', intArg('--seed'), 42)
    .action((opts: { postings: number; awards: number; seed: number }) => runDatabaseCommand(demoData, { postings: opts.postings, awards: opts.awards, seed: opts.seed }));
}
