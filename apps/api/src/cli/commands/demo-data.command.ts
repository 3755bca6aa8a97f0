import { type Command, InvalidArgumentError } from 'commander';
import { generateDemoData } from '../../modules/demo/demo.loader.js';
import { ensureTaxonomies } from '../../modules/taxonomy/taxonomy.loader.js';
import { fail, progress, withDatabase } from '../context.js';

export const intArg = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
};

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('generate deterministic SYNTHETIC postings, awards and outcomes and load them')
    .option('--postings <n>', 'number of job postings', intArg('--postings'), 50_000)
    .option('--awards <n>', 'number of credential awards', intArg('--awards'), 20_000)
    .option('--seed <n>', 'random seed (same seed, same data)', intArg('--seed'), 42)
    .action(async (opts: { postings: number; awards: number; seed: number }) => {
      try {
        await withDatabase(async ({ ds }) => {
          await ensureTaxonomies(ds, progress);
          await generateDemoData(ds, opts, progress);
        });
      } catch (e) {
        fail(e);
      }
    });
}
