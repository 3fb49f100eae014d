import { createMemoryStores, type Stores } from '@tessera/core';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerExpiredRecordsPurge } from '../../src/maintenance/expired-records-purge.js';
import { setTimeout as sleep } from 'node:timers/promises';

describe('expired-records purge', () => {
  it('calls the stores\' purge on its timer, survives a failing purge, and stops on close', async () => {
    const calls: number[] = [];
    let fail = true;
    const stores: Stores = {
      ...createMemoryStores(),
      purgeExpired: async (now) => {
        calls.push(now);
        if (fail) {
          fail = false;
          throw new Error('database unavailable');
        }
        return { sessions: 0 };
      },
    };
    const app = Fastify();
    registerExpiredRecordsPurge(app, { stores, clock: { now: () => 42 } }, 20);
    await app.ready();
    await expect.poll(() => calls.length, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
    await app.close();
    const after = calls.length;
    await sleep(60);
    expect(calls.length).toBe(after);
    expect(calls[0]).toBe(42);
  });
});
