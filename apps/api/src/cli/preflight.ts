import { ConfigError, loadConfig } from '../config/config.js';
import { dataDirOwner, describeOwner, type DataDirOwner } from '../database/data-dir-lock.js';

// Commands that cannot run through a server owning the embedded data directory are refused here,
// before the CLI loads the application (seconds on a busy machine): the answer comes at once.

/** Why a command cannot run beside a running server, or undefined when it can (or runs through it). */
export function refusalBesideServer(argv: string[]): string | undefined {
  const [command, ...rest] = argv;
  if (command === 'serve') return 'serve';
  if (command === 'migrate' && rest.includes('--revert')) return MIGRATE_REVERT_REFUSAL;
  if (command === 'restore') return RESTORE_REFUSAL;
  return undefined;
}

export const MIGRATE_REVERT_REFUSAL = 'cannot undo a migration under the running server';
export const RESTORE_REFUSAL = 'cannot replace the data under the running server (a backup can run through it)';

export function refusalMessage(owner: DataDirOwner, command: string, reason: string): string {
  if (reason === 'serve') return `${describeOwner(owner)}. Stop it first, or give this server its own CREDPULSE_DATA_DIR.`;
  return `${describeOwner(owner)}; \`credpulse ${command}\` ${reason}. Stop the server first (Ctrl-C in its terminal, or kill ${owner.pid}), then run the command again.`;
}

/** Exits with the refusal when the command cannot run beside the server that owns the data directory. */
export function preflight(argv: string[]): void {
  const reason = refusalBesideServer(argv);
  if (reason === undefined || argv.includes('--help') || argv.includes('-h')) return;
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return; // the command itself reports it
    throw e;
  }
  if (config.databaseUrl) return;
  const owner = dataDirOwner(config.dataDir);
  if (owner?.command !== 'serve') return;
  process.stderr.write(`credpulse: ${refusalMessage(owner, argv[0], reason)}\n`);
  process.exit(1);
}
