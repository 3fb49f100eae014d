import type { RevocationBus, RevocationEvent } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleRevocation, uniqueId } from './sample-records.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a published event may take to arrive before the test gives up. Generous: this is not a latency test. */
const deliveryTimeoutMs = 5_000;

/** Collects the events of one test (by a user id only that test uses) and waits for them. */
class Inbox {
  readonly events: RevocationEvent[] = [];
  readonly handler = (event: RevocationEvent): void => {
    if (event.subject.userId === this.userId) this.events.push(event);
  };
  constructor(private readonly userId: string) {}

  async waitFor(count: number): Promise<void> {
    const deadline = Date.now() + deliveryTimeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} event(s), received ${this.events.length} within ${deliveryTimeoutMs} ms`);
      await sleep(5);
    }
  }
}

function sampleEvent(userId: string, sequence: number): RevocationEvent {
  return { id: String(1000 + sequence), ...sampleRevocation({ kind: 'session', sid: uniqueId('sid'), userId }) };
}

/**
 * The `RevocationBus` port. `a` and `b` are two buses on separate connections, as two server
 * instances would hold them (a single-process store may pass the same bus twice).
 */
export function revocationBusContract(backend: string, h: Harness<{ a: RevocationBus; b: RevocationBus }>): void {
  describe(`RevocationBus contract (${backend})`, () => {
    const buses = useHarness(h);

    it('an event published on one bus reaches subscribers of both, with equal content', async () => {
      const { a, b } = buses();
      const userId = uniqueId('user');
      const onA = new Inbox(userId);
      const onB = new Inbox(userId);
      const unsubscribeA = await a.subscribe(onA.handler);
      const unsubscribeB = await b.subscribe(onB.handler);
      try {
        const fromA = sampleEvent(userId, 1);
        await a.publish(fromA);
        await onB.waitFor(1);
        await onA.waitFor(1);
        expect(onB.events).toEqual([fromA]);
        expect(onA.events).toEqual([fromA]);

        const fromB: RevocationEvent = { id: '1002', ...sampleRevocation({ kind: 'token', jti: uniqueId('jti'), userId }) };
        await b.publish(fromB);
        await onA.waitFor(2);
        await onB.waitFor(2);
        expect(onA.events[1]).toEqual(fromB);
        expect(onB.events[1]).toEqual(fromB);
      } finally {
        await unsubscribeA();
        await unsubscribeB();
      }
    });

    it('delivers in publish order and to every handler subscribed on a bus', async () => {
      const { a, b } = buses();
      const userId = uniqueId('user');
      const first = new Inbox(userId);
      const second = new Inbox(userId);
      const unsubscribers = [await b.subscribe(first.handler), await b.subscribe(second.handler)];
      try {
        const events = [1, 2, 3, 4, 5].map((i) => sampleEvent(userId, i));
        for (const event of events) await a.publish(event);
        await first.waitFor(events.length);
        await second.waitFor(events.length);
        expect(first.events).toEqual(events);
        expect(second.events).toEqual(events);
      } finally {
        for (const unsubscribe of unsubscribers) await unsubscribe();
      }
    });

    it('stops delivering to a handler once it unsubscribes', async () => {
      const { a, b } = buses();
      const userId = uniqueId('user');
      const leaving = new Inbox(userId);
      const staying = new Inbox(userId);
      const unsubscribeLeaving = await b.subscribe(leaving.handler);
      const unsubscribeStaying = await b.subscribe(staying.handler);
      try {
        await a.publish(sampleEvent(userId, 1));
        await leaving.waitFor(1);
        await staying.waitFor(1);
        await unsubscribeLeaving();
        const after = sampleEvent(userId, 2);
        await a.publish(after);
        // `staying` receiving the later event proves delivery happened; `leaving` must not have it.
        await staying.waitFor(2);
        expect(staying.events[1]).toEqual(after);
        expect(leaving.events).toHaveLength(1);
      } finally {
        await unsubscribeStaying();
      }
    });

    it('a bus whose last handler left still delivers to handlers that subscribe later', async () => {
      const { a, b } = buses();
      const userId = uniqueId('user');
      const early = new Inbox(userId);
      await (await b.subscribe(early.handler))();
      const late = new Inbox(userId);
      const unsubscribe = await b.subscribe(late.handler);
      try {
        const event = sampleEvent(userId, 1);
        await a.publish(event);
        await late.waitFor(1);
        expect(late.events).toEqual([event]);
        expect(early.events).toEqual([]);
      } finally {
        await unsubscribe();
      }
    });
  });
}
