import { storesContract } from '@tessera/store-contract';
import { describe, expect, it } from 'vitest';
import { createMemoryStores, MemoryUserStore } from '../src/index.js';

storesContract('memory', { create: async () => createMemoryStores() });

describe('MemoryUserStore without an audit log (audit finding 16)', () => {
  it('works standalone, and refuses an audited change as a programming error, changing nothing', async () => {
    const users = new MemoryUserStore();
    const user = { id: 'u1', email: 'ada@example.test', passwordHash: '$argon2id$x', createdAt: 1, updatedAt: 1, passwordChangedAt: 1, disabledAt: null };
    const event = { at: 1, type: 'user.signup', userId: 'u1', ip: null, detail: {} };
    await expect(users.create(user, event)).rejects.toThrow(/no audit log/);
    expect(await users.findByEmail(user.email)).toBeNull();
    await users.create(user);
    await expect(users.updatePassword(user.id, '$argon2id$y', 2, { ...event, type: 'user.password_changed' })).rejects.toThrow(TypeError);
    expect(await users.findById(user.id)).toEqual(user);
    expect(await users.updatePassword(user.id, '$argon2id$y', 2)).toBe(true);
  });
});
