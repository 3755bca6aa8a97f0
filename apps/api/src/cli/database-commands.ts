import { backup } from './commands/backup.command.js';
import { demoData } from './commands/demo-data.command.js';
import { exportData } from './commands/export.command.js';
import { extract } from './commands/extract.command.js';
import { ingest } from './commands/ingest.command.js';
import { migrate } from './commands/migrate.command.js';
import { publicDataList, publicDataLoad } from './commands/public-data.command.js';
import { reextract } from './commands/reextract.command.js';
import { taxonomyLoad } from './commands/taxonomy.command.js';
import { apiKeysCreate, apiKeysRevoke, usersAdd, usersList } from './commands/users.command.js';
import type { DatabaseCommand } from './context.js';

/** The commands a running server runs for the CLI through its control socket, by name. */
export const DATABASE_COMMANDS: Record<string, DatabaseCommand<unknown>> = Object.fromEntries(
  ([usersAdd, usersList, apiKeysCreate, apiKeysRevoke, migrate, taxonomyLoad, demoData, extract, exportData, ingest, backup, publicDataLoad, publicDataList, reextract] as DatabaseCommand<never>[]).map((c) => [c.name, c as DatabaseCommand<unknown>]),
);
