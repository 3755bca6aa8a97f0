import type { Command } from 'commander';
import { loadTaxonomies } from '../../modules/taxonomy/taxonomy.loader.js';
import { runDatabaseCommand, type DatabaseCommand } from '../context.js';

export const taxonomyLoad: DatabaseCommand<{ force: boolean }> = {
  name: 'taxonomy load',
  remote: true,
  async run({ ds, io }, a) {
    const log = (m: string) => io.err(`${m}\n`);
    const counts = await loadTaxonomies(ds, log, { force: a.force });
    for (const [k, v] of Object.entries(counts)) log(`  ${k.padEnd(20)} ${v.toLocaleString('en-US')}`);
    return 0;
  },
};

export function registerTaxonomy(program: Command): void {
  const taxonomy = program.command('taxonomy').description('reference taxonomies (NAICS, SOC, CIP, FIPS, CBSA, O*NET, ESCO, OEWS)');
  taxonomy
    .command('load')
    .description('load or refresh every taxonomy from libs/taxonomy/data (idempotent)')
    .option('--force', 'reload even when the recorded versions match')
    .action((opts: { force?: boolean }) => runDatabaseCommand(taxonomyLoad, { force: opts.force === true }));
}
