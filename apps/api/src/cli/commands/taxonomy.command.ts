import type { Command } from 'commander';
import { loadTaxonomies } from '../../modules/taxonomy/taxonomy.loader.js';
import { fail, progress, withDatabase } from '../context.js';

export function registerTaxonomy(program: Command): void {
  const taxonomy = program.command('taxonomy').description('reference taxonomies (NAICS, SOC, CIP, FIPS, CBSA, O*NET, ESCO, OEWS)');
  taxonomy
    .command('load')
    .description('load or refresh every taxonomy from libs/taxonomy/data (idempotent)')
    .option('--force', 'reload even when the recorded versions match')
    .action(async (opts: { force?: boolean }) => {
      try {
        await withDatabase(async ({ ds }) => {
          const counts = await loadTaxonomies(ds, progress, { force: opts.force });
          for (const [k, v] of Object.entries(counts)) progress(`  ${k.padEnd(20)} ${v.toLocaleString('en-US')}`);
        });
      } catch (e) {
        fail(e);
      }
    });
}
