import type { Command } from 'commander';
import { fail, progress, withDatabase } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .option('--revert', 'undo the last migration')
    .action(async (opts: { revert?: boolean }) => {
      try {
        await withDatabase(
          async ({ ds, handle }) => {
            if (opts.revert) {
              await ds.undoLastMigration({ transaction: 'each' });
              progress('Reverted the last migration.');
              return;
            }
            const done = await ds.runMigrations({ transaction: 'each' });
            progress(`Database (${handle.mode}): ${done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'up to date'}.`);
          },
          { migrate: false },
        );
      } catch (e) {
        fail(e);
      }
    });
}
