import 'reflect-metadata';
import { Command } from 'commander';
import { registerDemoData } from './commands/demo-data.command.js';
import { registerExtract } from './commands/extract.command.js';
import { registerReextract } from './commands/reextract.command.js';
import { registerMigrate } from './commands/migrate.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerTaxonomy } from './commands/taxonomy.command.js';
import { registerUsers } from './commands/users.command.js';
import { registerExport } from './commands/export.command.js';
import { registerIngest } from './commands/ingest.command.js';
import { registerGeocode } from './commands/geocode.command.js';
import { registerOccupation } from './commands/occupation.command.js';
import { registerPublicData } from './commands/public-data.command.js';
import { registerBackup } from './commands/backup.command.js';

export function buildProgram(): Command {
  const program = new Command('credpulse')
    .description('Credential Pulse: labor-market analytics for micro-credentials')
    .version('0.1.0')
    .showHelpAfterError();
  registerServe(program);
  registerMigrate(program);
  registerTaxonomy(program);
  registerDemoData(program);
  registerExtract(program);
  registerReextract(program);
  registerUsers(program);
  registerExport(program);
  registerIngest(program);
  registerGeocode(program);
  registerOccupation(program);
  registerPublicData(program);
  registerBackup(program);
  return program;
}

