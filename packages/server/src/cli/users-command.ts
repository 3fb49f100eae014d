import { NotFoundError, type Tessera, type UserRecord } from '@tessera/core';
import { InvalidArgumentError, type Command } from 'commander';
import { CliFailure } from './cli-failure.js';
import { promptPassword, readPasswordFromStdin } from './read-password.js';
import { withTessera } from './with-tessera.js';

interface UserSelector {
  email?: string;
  id?: string;
}

/** What `users list` and the other commands print of a user: never the password hash. */
function userJson(user: UserRecord) {
  const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());
  return { id: user.id, email: user.email, created_at: iso(user.createdAt), disabled: user.disabledAt !== null, disabled_at: iso(user.disabledAt) };
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1 || parsed > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000');
  return parsed;
}

/** `--email E` or `--id ID`, exactly one of them. */
function addSelector(command: Command): Command {
  return command.option('--email <email>', 'the account email').option('--id <id>', 'the user id');
}

async function findSelected(tessera: Tessera, selector: UserSelector): Promise<UserRecord> {
  if ((selector.email === undefined) === (selector.id === undefined)) throw new CliFailure('name the user with exactly one of --email or --id', 2);
  const user = selector.id !== undefined ? await tessera.accounts.findById(selector.id) : await tessera.accounts.findByEmail(selector.email!);
  if (!user) throw new NotFoundError('no such user');
  return user;
}

/**
 * `tessera users add|list|disable|enable|remove`. Disabling and removing end every session and
 * refresh family of the user at once, which also denies their live access tokens.
 */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage user accounts');
  users
    .command('add')
    .description('create a user (the password is read from stdin or prompted for, never taken as an argument)')
    .requiredOption('--email <email>', 'the account email')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readPasswordFromStdin() : await promptTwice();
      const user = await withTessera((tessera) => tessera.accounts.signUp(options.email, password), { writes: true });
      process.stdout.write(`${JSON.stringify({ user: userJson(user) })}\n`);
    });
  users
    .command('list')
    .description('print a page of users as JSON ({users, next_cursor}); pass next_cursor as --after for the next page')
    .option('--search <text>', 'only users whose email contains this text')
    .option('--limit <n>', 'users per page (1 to 1000)', positiveInteger, 100)
    .option('--after <cursor>', 'the next_cursor of the previous page')
    .action(async (options: { search?: string; limit: number; after?: string }) => {
      const page = await withTessera((tessera) =>
        tessera.accounts.list({
          limit: options.limit,
          ...(options.search === undefined ? {} : { search: options.search }),
          ...(options.after === undefined ? {} : { after: options.after }),
        }),
      );
      const nextCursor = page.length === options.limit ? page.at(-1)!.id : null;
      process.stdout.write(`${JSON.stringify({ users: page.map(userJson), next_cursor: nextCursor }, null, 2)}\n`);
    });
  addSelector(users.command('disable'))
    .description('refuse every later login of the user and end their sessions, app logins and access tokens')
    .action(async (selector: UserSelector) => {
      const user = await withTessera(async (tessera) => tessera.disableUser((await findSelected(tessera, selector)).id), { writes: true });
      process.stdout.write(`${JSON.stringify({ user: userJson(user) })}\n`);
    });
  addSelector(users.command('enable'))
    .description('let a disabled user log in again')
    .action(async (selector: UserSelector) => {
      const user = await withTessera(async (tessera) => tessera.accounts.enable((await findSelected(tessera, selector)).id), { writes: true });
      process.stdout.write(`${JSON.stringify({ user: userJson(user) })}\n`);
    });
  addSelector(users.command('remove'))
    .description('delete the account after ending its sessions, app logins and access tokens (needs --yes)')
    .option('--yes', 'really delete: the account cannot be restored')
    .action(async (options: UserSelector & { yes?: boolean }) => {
      if (options.yes !== true) throw new CliFailure('removing a user cannot be undone: add --yes to confirm (or use `users disable`)', 2);
      const user = await withTessera(async (tessera) => tessera.removeUser((await findSelected(tessera, options)).id), { writes: true });
      process.stdout.write(`${JSON.stringify({ removed: { id: user.id, email: user.email } })}\n`);
    });
}

async function promptTwice(): Promise<string> {
  const first = await promptPassword('Password: ');
  const second = await promptPassword('Repeat password: ');
  if (first !== second) throw new CliFailure('the passwords differ', 2);
  return first;
}
