import { createMemoryStores, createTessera, type Tessera } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackchannelLogoutDispatcher, type BackchannelOutcome } from '../../src/oauth/logout/backchannel-logout-dispatcher.js';
import { LogoutReceiver } from './support/logout-receiver.js';

/** The dispatcher's retry policy against a real HTTP receiver: gives up after its attempts, and close() cancels retries. */
describe('BackchannelLogoutDispatcher', () => {
  const receiver = new LogoutReceiver();
  let tessera: Tessera;

  beforeAll(async () => {
    await receiver.start();
    tessera = await createTessera({ stores: createMemoryStores(), settings: { issuer: 'https://id.example.test' }, passwordHashing: { memoryCostKiB: 1024, timeCost: 1 } });
    await tessera.clients.register({ id: 'rp-failing', name: 'Failing RP', type: 'public', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid'], redirectUris: ['https://rp.example.test/cb'], backchannelLogoutUri: receiver.url });
  });
  afterAll(async () => {
    await receiver.close();
    await tessera?.close();
  });

  /** A session with a code-flow family of the failing RP, then its end. */
  async function endSessionWithLogin(): Promise<void> {
    const { session } = await tessera.sessions.create('user-1');
    await tessera.refreshTokens.startFamily({ userId: 'user-1', clientId: 'rp-failing', scope: 'openid', audience: 'https://id.example.test', sessionId: session.id });
    await tessera.sessions.revoke(session.id);
  }

  it('an RP that keeps failing: every attempt is made, then it counts as failed', async () => {
    receiver.received.length = 0;
    receiver.statuses.push(500, 500, 500);
    const outcomes: BackchannelOutcome[] = [];
    const dispatcher = new BackchannelLogoutDispatcher(tessera, { attempts: 3, retryDelayMs: 20, count: (outcome) => outcomes.push(outcome) });
    try {
      await endSessionWithLogin();
      await dispatcher.drain();
      expect(receiver.received).toHaveLength(3);
      expect(outcomes).toEqual(['retried', 'retried', 'failed']);
    } finally {
      await dispatcher.close();
    }
  });

  it('close() cancels a scheduled retry at once', async () => {
    receiver.received.length = 0;
    receiver.statuses.push(500);
    const outcomes: BackchannelOutcome[] = [];
    const dispatcher = new BackchannelLogoutDispatcher(tessera, { attempts: 5, retryDelayMs: 60_000, count: (outcome) => outcomes.push(outcome) });
    await endSessionWithLogin();
    await receiver.waitFor(1);
    const started = Date.now();
    await dispatcher.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(receiver.received).toHaveLength(1);
    expect(outcomes).toEqual(['retried', 'failed']);
  });

  it('after close() it hears nothing more', async () => {
    receiver.received.length = 0;
    const dispatcher = new BackchannelLogoutDispatcher(tessera, {});
    await dispatcher.close();
    await endSessionWithLogin();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(0);
  });
});
