import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ROLES } from '@credpulse/contracts';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { AuthRepository } from '../../modules/auth/auth.repository.js';
import { AuthService } from '../../modules/auth/auth.service.js';
import { fail, progress, withDatabase } from '../context.js';

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

export function registerUsers(program: Command): void {
  const users = program.command('users').description('user accounts (roles: viewer, analyst, researcher, admin)');
  users
    .command('add')
    .description('create a user; e.g. the first admin: credpulse users add --email me@example.org --role admin')
    .requiredOption('--email <email>', 'login e-mail')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .option('--password-stdin', 'read the password from stdin (otherwise prompted)')
    .action(async (opts: { email: string; role: string; passwordStdin?: boolean }) => {
      try {
        const password = await readPassword(opts.passwordStdin === true);
        await withDatabase(async ({ ds, config }) => {
          const { auth, repo } = services(ds, config);
          const user = await auth.createUser(opts.email, password, opts.role);
          await repo.audit({ actor: 'cli', role: 'admin', action: 'user.create', detail: `${user.email} as ${user.role}` });
          progress(`Created ${user.role} ${user.email} (id ${user.id}).`);
        });
      } catch (e) {
        fail(e);
      }
    });
  users
    .command('list')
    .description('list users')
    .action(async () => {
      try {
        await withDatabase(async ({ ds, config }) => {
          for (const u of await services(ds, config).repo.listUsers()) {
            process.stdout.write(`${String(u.id).padStart(4)}  ${u.role.padEnd(10)} ${u.disabled ? 'disabled ' : ''}${u.email}\n`);
          }
        });
      } catch (e) {
        fail(e);
      }
    });

  const keys = program.command('api-keys').description('API keys for scripts (shown once, stored hashed)');
  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
    .action(async (opts: { name: string; role: string }) => {
      try {
        await withDatabase(async ({ ds, config }) => {
          const { auth, repo } = services(ds, config);
          const key = await auth.createApiKey(opts.name, opts.role, null);
          await repo.audit({ actor: 'cli', role: 'admin', action: 'api-key.create', detail: `${key.name} (${key.prefix}) as ${key.role}` });
          progress(`Created ${key.role} key "${key.name}" (id ${key.id}). It is shown only now:`);
          process.stdout.write(`${key.key}\n`);
        });
      } catch (e) {
        fail(e);
      }
    });
  keys
    .command('revoke')
    .description('revoke an API key by id')
    .argument('<id>', 'key id')
    .action(async (id: string) => {
      try {
        await withDatabase(async ({ ds, config }) => {
          const key = await services(ds, config).repo.revokeApiKey(Number(id));
          if (!key) throw new Error(`no API key with id ${id}`);
          progress(`Revoked key ${key.name} (${key.prefix}).`);
        });
      } catch (e) {
        fail(e);
      }
    });
}
