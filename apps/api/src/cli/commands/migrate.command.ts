import type { Command } from 'commander';
import { checkCatalogue } from '../../modules/analytics/catalogue/check.js';
import { fillEmptyDerivedRollups } from '../../modules/analytics/catalogue/refresh.js';
import { runDatabaseCommand, type DatabaseCommand } from '../context.js';
import { MIGRATE_REVERT_REFUSAL } from '../preflight.js';

export const migrate: DatabaseCommand<{ revert: boolean }> = {
  name: 'migrate',
  // the server migrated at its start; undoing a migration under it would pull the schema from
  // beneath its queries
  remote: (a) => (a.revert ? MIGRATE_REVERT_REFUSAL : true),
  migrate: false,
  async run({ ds, handle, io }, a) {
    if (a.revert) {
      await ds.undoLastMigration({ transaction: 'each' });
      io.err('Reverted the last migration.\n');
      return 0;
    }
    const done = await ds.runMigrations({ transaction: 'each' });
    await checkCatalogue(ds);
    await fillEmptyDerivedRollups(ds);
    io.err(`Database (${handle.mode}): ${done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'up to date'}.\n`);
    return 0;
  },
};

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .option('--revert', 'undo the last migration')
    .action((opts: { revert?: boolean }) => runDatabaseCommand(migrate, { revert: opts.revert === true }));
}
