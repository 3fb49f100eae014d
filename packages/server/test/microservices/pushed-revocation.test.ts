import { performance } from 'node:perf_hooks';
import { createVerifier, isVerifyError, revocationStreamUrl, type FetchLike, type Verifier } from '@tessera/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayTesseraServer } from '@tessera/testing';
import { addShopClients } from './support/cli-shop-clients.js';
import { ShopTokens } from './support/shop-tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

// The server is a real `tessera serve` child process on SQLite: its own event loop, a real restart.
let server: ThrowawayTesseraServer;
let shop: ShopTokens;
let user: { email: string; password: string };
/** The orders service's client (`--introspect`): the stream authenticates its subscribers. */
let ordersClient: { id: string; secret: string };
const verifiers: Verifier[] = [];

beforeAll(async () => {
  server = await ThrowawayTesseraServer.start({ tempPrefix: 'tessera-process-' });
  ordersClient = (await addShopClients(server)).ordersService;
  shop = new ShopTokens(server.url);
  user = await shop.newUser();
}, 120_000);

afterAll(async () => {
  for (const verifier of verifiers) verifier.close();
  await server?.dispose();
});

function subscribedVerifier(fetch?: FetchLike): Verifier {
  const verifier = createVerifier({ issuer: server.url, audience: 'orders', revocations: 'subscribe', client: ordersClient, cache: { maxEntries: 1000 }, ...(fetch ? { fetch } : {}) });
  verifiers.push(verifier);
  return verifier;
}

function refuses(verifier: Verifier, token: string): boolean {
  try {
    verifier.verifySync(token);
    return false;
  } catch (error) {
    if (isVerifyError(error) && error.code === 'revoked') return true;
    throw error;
  }
}

/** Nearest-rank percentile. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const summary = (values: number[]) => `p50 ${percentile(values, 0.5).toFixed(1)} ms, p99 ${percentile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;

describe('pushed revocation to subscribed verifiers (real HTTP, server in a child process)', () => {
  it('a logout or revocation at the server makes every subscribed verifier refuse the token within 1 s', async () => {
    const subscribed = [subscribedVerifier(), subscribedVerifier(), subscribedVerifier()];
    await Promise.all(subscribed.map((v) => v.ready()));
    const perVerifier: number[] = [];
    const allRefused: number[] = [];
    const revocations = 50;

    for (let i = 0; i < revocations; i++) {
      const tokens = await shop.login(user, 'orders', 'orders:read');
      for (const verifier of subscribed) await verifier.verify(tokens.access_token);
      // Even: a logout (the refresh token's whole family, by `sid`); odd: one access token (by `jti`).
      const [target, hint] = i % 2 === 0 ? [tokens.refresh_token, 'refresh_token' as const] : [tokens.access_token, 'access_token' as const];
      const startedAt = performance.now();
      const revoked = shop.revoke(target, hint);
      const refusedAfter = await new Promise<number[]>((resolve, reject) => {
        const delays: (number | undefined)[] = subscribed.map(() => undefined);
        const poll = () => {
          const now = performance.now();
          subscribed.forEach((verifier, index) => {
            if (delays[index] === undefined && refuses(verifier, tokens.access_token)) delays[index] = now - startedAt;
          });
          if (delays.every((d) => d !== undefined)) resolve(delays.map((d) => d ?? 0));
          else if (now - startedAt > 1000) reject(new Error(`revocation ${i} (${hint}) not refused everywhere within 1 s: ${JSON.stringify(delays)}`));
          else setImmediate(poll);
        };
        poll();
      });
      await revoked;
      perVerifier.push(...refusedAfter);
      allRefused.push(Math.max(...refusedAfter));
    }

    const pushedDelays = subscribed.flatMap((v) => v.metrics().revocations.delayMs.recent);
    console.log(
      [
        `pushed revocation, ${revocations} revocations (half logouts, half single tokens), 3 subscribed verifiers, server = tessera serve child process on SQLite:`,
        `  revoke request sent -> refused, per verifier:       ${summary(perVerifier)}`,
        `  revoke request sent -> refused by all 3:            ${summary(allRefused)}`,
        `  event logged at server -> received (verifier metric): ${summary(pushedDelays)}`,
      ].join('\n'),
    );
    expect(Math.max(...allRefused)).toBeLessThan(1000);
    for (const verifier of subscribed) expect(verifier.metrics().revocations.events).toBeGreaterThanOrEqual(revocations);
  });

  it('a verifier that was away while the server restarted resumes with Last-Event-ID and misses nothing', async () => {
    // The verifier's network to the stream can be cut: its reconnection then waits at this gate.
    let gate: Promise<void> | undefined;
    let openGate = () => undefined as void;
    const streamUrl = revocationStreamUrl(server.url);
    const partitionedFetch: FetchLike = async (input, init) => {
      if (String(input) === streamUrl && gate !== undefined) await gate;
      return fetch(input, init);
    };
    const verifier = subscribedVerifier(partitionedFetch);
    await verifier.ready();

    const first = await shop.login(user, 'orders', 'orders:read');
    await verifier.verify(first.access_token);
    await shop.revoke(first.access_token, 'access_token');
    await waitFor(() => refuses(verifier, first.access_token));
    const reconnectsBefore = verifier.metrics().revocations.reconnects;

    // Partition the verifier, then kill the server outright.
    gate = new Promise<void>((resolve) => (openGate = resolve));
    await server.kill('SIGKILL');
    await server.restart();
    const second = await shop.login(user, 'orders', 'orders:read');
    await verifier.verify(second.access_token);
    await shop.revoke(second.refresh_token, 'refresh_token');
    // Revoked while the verifier is away; the event must survive another kill too.
    await server.kill('SIGKILL');
    await server.restart();

    // Disconnected, the verifier still accepts the token: its revocation knowledge is stale but within the budget (60 s).
    expect(verifier.metrics().revocations.connected).toBe(false);
    expect(refuses(verifier, second.access_token)).toBe(false);

    openGate();
    gate = undefined;
    await waitFor(() => refuses(verifier, second.access_token), 15_000);
    expect(refuses(verifier, first.access_token)).toBe(true);
    expect(verifier.metrics().revocations.reconnects).toBeGreaterThan(reconnectsBefore);
    expect(verifier.metrics().revocations.connected).toBe(true);
  }, 180_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
