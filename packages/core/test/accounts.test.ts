import { describe, expect, it, vi } from 'vitest';
import { EmailTakenError, InvalidCredentialsError, InvalidInputError, PasswordHasher, toPublicUser } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

describe('AccountService', () => {
  it('normalises emails so case and spaces do not make a second account', async () => {
    const { tessera } = await createTestTessera();
    await tessera.accounts.signUp(' Ada@Example.com ', 'analytical engine');
    await expect(tessera.accounts.signUp('ada@example.com', 'another passphrase')).rejects.toBeInstanceOf(EmailTakenError);
    expect((await tessera.accounts.authenticate('ADA@example.com', 'analytical engine')).email).toBe('ada@example.com');
  });

  it('fails wrong password and unknown email identically, running a dummy hash for the unknown one', async () => {
    const { tessera } = await createTestTessera();
    await tessera.accounts.signUp('ada@example.com', 'analytical engine');
    const dummy = vi.spyOn(PasswordHasher.prototype, 'verifyDummy');
    const wrong = await tessera.accounts.authenticate('ada@example.com', 'wrong password').catch((e: unknown) => e);
    const unknown = await tessera.accounts.authenticate('nobody@example.com', 'wrong password').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as Error).message).toBe((unknown as Error).message);
    expect(dummy).toHaveBeenCalledTimes(1);
    dummy.mockRestore();
  });

  it('refuses non-string and malformed input with invalid_input, storing nothing', async () => {
    const { tessera, stores } = await createTestTessera();
    await expect(tessera.accounts.signUp(42, 'analytical engine')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(tessera.accounts.signUp('not-an-email', 'analytical engine')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(tessera.accounts.signUp('a\0b@example.com', 'analytical engine')).rejects.toBeInstanceOf(InvalidInputError);
    expect(await stores.users.findByEmail('not-an-email')).toBeNull();
  });

  it('never exposes the password hash in the public form', async () => {
    const { tessera } = await createTestTessera();
    const user = await tessera.accounts.signUp('ada@example.com', 'analytical engine');
    expect(Object.keys(toPublicUser(user)).sort()).toEqual(['created_at', 'email', 'id']);
  });

  it('records sign-up and password change in the audit log with the change itself; a rehash on login records nothing', async () => {
    const { tessera, stores } = await createTestTessera();
    const user = await tessera.accounts.signUp('ada@example.com', 'analytical engine', { ip: '198.51.100.9' });
    await tessera.accounts.changePassword(user.id, 'analytical engine', 'difference engine', { ip: '198.51.100.9' });
    await tessera.accounts.authenticate('ada@example.com', 'difference engine');
    const types = (await stores.audit.listByUser(user.id, 10)).map((e) => e.type);
    expect(types).toEqual(['login.success', 'user.password_changed', 'user.signup']);
  });
});
