import { describe, expect, it } from 'vitest';
import { UserEmailCache } from '../../src/auth/user-email-cache.js';

describe('UserEmailCache', () => {
  it('loads once per user within its lifetime, and again after it', async () => {
    let now = 0;
    const loads: string[] = [];
    const cache = new UserEmailCache(async (id) => (loads.push(id), `${id}@x.io`), 10, 1000, { now: () => now });
    expect(await cache.get('a')).toBe('a@x.io');
    expect(await cache.get('a')).toBe('a@x.io');
    expect(loads).toEqual(['a']);
    now = 1001;
    await cache.get('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const loads: string[] = [];
    const cache = new UserEmailCache(async (id) => (loads.push(id), null), 2);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c'); // evicts b
    await cache.get('a');
    await cache.get('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
  });
});
