import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../../../..');

/** Runs `tessera <args>` from source with `stdin`, returning exit code and output. */
function tessera(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['--conditions=source', 'packages/server/src/bin.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('tessera migrate, users add, clients add, keys rotate', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { TESSERA_DATA_DIR: await mkdtemp(join(tmpdir(), 'tessera-cli-')) };
  });
  afterAll(async () => {
    await rm(env.TESSERA_DATA_DIR!, { recursive: true, force: true });
  });

  it('migrate creates the embedded database, then finds nothing to do', async () => {
    const first = await tessera(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/tessera\.db: applied /);
    const second = await tessera(['migrate'], env);
    expect(second.stdout).toMatch(/already up to date/);
  }, 60_000);

  it('users add reads the password from stdin, applies the policy, and refuses a taken email', async () => {
    const created = await tessera(['users', 'add', '--email', 'Admin@Example.com', '--password-stdin'], env, 'a long enough passphrase\n');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ user: { email: 'admin@example.com' } });
    expect(created.stdout).not.toContain('passphrase');
    const weak = await tessera(['users', 'add', '--email', 'other@example.com', '--password-stdin'], env, 'password\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim().split('\n')).toHaveLength(1);
    expect(weak.stderr).toMatch(/weak_password/);
    const taken = await tessera(['users', 'add', '--email', 'admin@example.com', '--password-stdin'], env, 'another long passphrase\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/email_taken/);
  }, 60_000);

  it('clients add prints a confidential client\'s secret once; keys rotate stages a key', async () => {
    const added = await tessera(
      ['clients', 'add', '--name', 'Orders', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'orders:read', '--scope', 'orders:write', '--audience', 'https://orders.example.com', '--id', 'orders-service'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const client = JSON.parse(added.stdout);
    expect(client).toMatchObject({ client_id: 'orders-service', type: 'confidential', scopes: ['orders:read', 'orders:write'], audiences: ['https://orders.example.com'] });
    expect(client.client_secret.length).toBeGreaterThanOrEqual(43);
    const duplicate = await tessera(['clients', 'add', '--name', 'Again', '--type', 'public', '--grant', 'password', '--id', 'orders-service'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/client_exists/);

    const rotated = await tessera(['keys', 'rotate'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ kid: expect.any(String), alg: 'EdDSA', activates_at: expect.any(String) });
  }, 60_000);

  it('usage errors exit 2', async () => {
    const result = await tessera(['clients', 'add', '--name', 'x', '--type', 'sometimes', '--grant', 'password'], env);
    expect(result.code).toBe(2);
  }, 60_000);
});
