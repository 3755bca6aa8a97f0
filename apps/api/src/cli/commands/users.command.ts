import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ROLES } from '@credpulse/contracts';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { AuthRepository } from '../../modules/auth/auth.repository.js';
import { AuthService } from '../../modules/auth/auth.service.js';
import { fail, runDatabaseCommand, type DatabaseCommand } from '../context.js';

const services = (ds: DataSource, config: AppConfig) => {
  const repo = new AuthRepository(ds);
  return { repo, auth: new AuthService(repo, config) };
};

/** The password comes from --password-stdin or an interactive prompt, never from argv (shell history). */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const p = await rl.question('Password (12+ characters): ');
  rl.close();
  return p;
}

export const usersAdd: DatabaseCommand<{ email: string; role: string; password: string }> = {
  name: 'users add',
  remote: true,
  async run({ ds, config, io }, a) {
    const { auth, repo } = services(ds, config);
    const user = await auth.createUser(a.email, a.password, a.role);
    await repo.audit({ actor: 'cli', role: 'admin', action: 'user.create', detail: `${user.email} as ${user.role}` });
    io.err(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
    return 0;
  },
};

export const usersList: DatabaseCommand<Record<string, never>> = {
  name: 'users list',
  remote: true,
  async run({ ds, config, io }) {
    for (const u of await services(ds, config).repo.listUsers()) {
      io.out(`${String(u.id).padStart(4)}  ${u.role.padEnd(10)} ${u.disabled ? 'disabled ' : ''}${u.email}\n`);
    }
    return 0;
  },
};

export const apiKeysCreate: DatabaseCommand<{ name: string; role: string }> = {
  name: 'api-keys create',
  remote: true,
  async run({ ds, config, io }, a) {
    const { auth, repo } = services(ds, config);
    const key = await auth.createApiKey(a.name, a.role, null);
    await repo.audit({ actor: 'cli', role: 'admin', action: 'api-key.create', detail: `${key.name} (${key.prefix}) as ${key.role}` });
    io.err(`Created ${key.role} key "${key.name}" (id ${key.id}). It is shown only now:\n`);
    io.out(`${key.key}\n`);
    return 0;
  },
};

export const apiKeysRevoke: DatabaseCommand<{ id: string }> = {
  name: 'api-keys revoke',
  remote: true,
  async run({ ds, config, io }, a) {
    const key = await services(ds, config).repo.revokeApiKey(Number(a.id));
    if (!key) throw new Error(`no API key with id ${a.id}`);
    io.err(`Revoked key ${key.name} (${key.prefix}).\n`);
    return 0;
  },
};

export function registerUsers(program: Command): void {
  const users = program.command('users').description('user accounts (roles: viewer, analyst, researcher, admin)');
  users
    .command('add')
    .description('create a user; e.g. the first admin: credpulse users add --email me@example.org --role admin')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .option('--password-stdin', 'read the password from stdin (otherwise prompted)')
    .action(async (opts: { email: string; role: string; passwordStdin?: boolean }) => {
      let password: string;
      try {
        password = await readPassword(opts.passwordStdin === true);
      } catch (e) {
        fail(e);
      }
      await runDatabaseCommand(usersAdd, { email: opts.email, role: opts.role, password });
    });
  users
    .command('list')
    .description('list users')
    .action(() => runDatabaseCommand(usersList, {}));

  const keys = program.command('api-keys').description('API keys for scripts (shown once, stored hashed)');
  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .action((opts: { name: string; role: string }) => runDatabaseCommand(apiKeysCreate, { name: opts.name, role: opts.role }));
  keys
    .command('revoke')
    .description('revoke an API key by id')
    .argument('<id>', 'key id')
    .action((id: string) => runDatabaseCommand(apiKeysRevoke, { id }));
}
