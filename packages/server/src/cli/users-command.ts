import { toPublicUser } from '@tessera/core';
import type { Command } from 'commander';
import { CliFailure } from './cli-failure.js';
import { promptPassword, readPasswordFromStdin } from './read-password.js';
import { withTessera } from './with-tessera.js';

/** `tessera users add --email <email> [--password-stdin]`: creates an account under the normal password policy. */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage user accounts');
  users
    .command('add')
    .description('create a user (the password is read from stdin or prompted for, never taken as an argument)')
    .requiredOption('--email <email>', 'the account email')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readPasswordFromStdin() : await promptTwice();
      const user = await withTessera((tessera) => tessera.accounts.signUp(options.email, password));
      process.stdout.write(`${JSON.stringify({ user: toPublicUser(user) })}\n`);
    });
}

async function promptTwice(): Promise<string> {
  const first = await promptPassword('Password: ');
  const second = await promptPassword('Repeat password: ');
  if (first !== second) throw new CliFailure('the passwords differ', 2);
  return first;
}
