import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { restoreBackup, writeBackup } from '../../modules/backup/backup.js';
import { runDatabaseCommand, type DatabaseCommand } from '../context.js';
import { RESTORE_REFUSAL } from '../preflight.js';

export const backup: DatabaseCommand<{ file: string }> = {
  name: 'backup',
  remote: true,
  async run({ ds, handle, io }, a) {
    const started = Date.now();
    io.err(`Backing up the ${handle.mode === 'embedded' ? 'embedded database' : 'database'} to ${a.file}\n`);
    // written beside the target and renamed when complete: the file is whole or absent
    const partial = `${a.file}.partial`;
    const out = createWriteStream(partial, { mode: 0o600 });
    try {
      const s = await writeBackup(ds, handle.mode, out, (m) => io.err(`${m}\n`));
      out.end();
      await finished(out);
      renameSync(partial, a.file);
      io.err(`Backed up ${s.rows.toLocaleString('en-US')} rows of ${s.tables} tables (schema at migration ${s.migrations}) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
      return 0;
    } catch (e) {
      out.destroy();
      rmSync(partial, { force: true });
      throw e;
    }
  },
};

export const restore: DatabaseCommand<{ file: string; replace: boolean }> = {
  name: 'restore',
  remote: () => RESTORE_REFUSAL,
  // restore opens its own connections (first at the backup's schema, then at this version's)
  connect: false,
  async run({ handle, io }, a) {
    const started = Date.now();
    io.err(`Restoring ${a.file} into the ${handle.mode === 'embedded' ? 'embedded database' : 'database'}\n`);
    const s = await restoreBackup(handle.options, a.file, { replace: a.replace, log: (m) => io.err(`${m}\n`) });
    io.err(`Restored ${s.rows.toLocaleString('en-US')} rows of ${s.tables} tables in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return 0;
  },
};

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent, portable backup of the database (through the running server when one owns the embedded data directory)')
    .argument('<file>', 'backup file to write (JSON lines; restorable into the embedded database or PostgreSQL)')
    .action((file: string) => runDatabaseCommand(backup, { file: resolve(file) }));
  program
    .command('restore')
    .description('restore a backup into the embedded data directory or DATABASE_URL (a new one, or --replace); the server must be stopped')
    .argument('<file>', 'backup file written by `credpulse backup`')
    .option('--replace', 'drop the Credential Pulse tables already in the target first')
    .action((file: string, opts: { replace?: boolean }) => runDatabaseCommand(restore, { file: resolve(file), replace: opts.replace === true }));
}
