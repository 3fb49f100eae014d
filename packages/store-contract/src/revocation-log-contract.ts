import type { RevocationEvent, RevocationLog } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { hourMs, minuteMs, sampleRevocation, uniqueId } from './sample-records.js';

/**
 * The `RevocationLog` port: ordered ids, resumable reads, purging. Tests in one `describe` run one
 * after another, so nobody else appends between a test's appends and its reads.
 */
export function revocationLogContract(backend: string, h: Harness<RevocationLog>): void {
  describe(`RevocationLog contract (${backend})`, () => {
    const log = useHarness(h);

    async function appendThree(expiresAt: (i: number) => number = () => Date.now() + 10 * minuteMs): Promise<RevocationEvent[]> {
      const userId = uniqueId('user');
      const events: RevocationEvent[] = [];
      events.push(await log().append(sampleRevocation({ kind: 'session', sid: uniqueId('sid'), userId }, { expiresAt: expiresAt(0) })));
      events.push(await log().append(sampleRevocation({ kind: 'token', jti: uniqueId('jti'), userId }, { expiresAt: expiresAt(1) })));
      events.push(await log().append(sampleRevocation({ kind: 'user', userId }, { expiresAt: expiresAt(2) })));
      return events;
    }

    it('append returns the event with a non-empty string id', async () => {
      const input = sampleRevocation({ kind: 'refresh_family', sid: uniqueId('family'), userId: uniqueId('user') });
      const event = await log().append(input);
      expect(typeof event.id).toBe('string');
      expect(event.id).not.toBe('');
      expect(event).toEqual({ ...input, id: event.id });
    });

    it('round-trips every subject kind', async () => {
      const userId = uniqueId('user');
      const subjects: RevocationEvent['subject'][] = [
        { kind: 'session', sid: uniqueId('sid'), userId },
        { kind: 'refresh_family', sid: uniqueId('family'), userId },
        { kind: 'token', jti: uniqueId('jti'), userId },
        { kind: 'user', userId },
      ];
      const appended: RevocationEvent[] = [];
      for (const subject of subjects) appended.push(await log().append(sampleRevocation(subject)));
      expect(await log().listAfter(appended[0]!.id, 10)).toEqual(appended.slice(1));
    });

    it('listAfter resumes after an id, oldest first', async () => {
      const [a, b, c] = await appendThree();
      expect(await log().listAfter(a!.id, 10)).toEqual([b, c]);
      expect(await log().listAfter(b!.id, 10)).toEqual([c]);
      expect(await log().listAfter(c!.id, 10)).toEqual([]);
    });

    it('listAfter returns at most `limit` events', async () => {
      const [a, b] = await appendThree();
      expect(await log().listAfter(a!.id, 1)).toEqual([b]);
    });

    it('listAfter(undefined) reads from the start, in append order', async () => {
      const ours = await appendThree();
      const ids = new Set(ours.map((e) => e.id));
      const all = await log().listAfter(undefined, 1_000_000);
      expect(all.filter((e) => ids.has(e.id))).toEqual(ours);
      expect(all.at(-1)).toEqual(ours.at(-1));
    });

    it('an id the log never issued reads as "before everything"', async () => {
      const ours = await appendThree();
      const ids = new Set(ours.map((e) => e.id));
      for (const unknown of ['never-issued', 'not a number at all']) {
        const all = await log().listAfter(unknown, 1_000_000);
        expect(all.filter((e) => ids.has(e.id))).toEqual(ours);
      }
    });

    it('purgeExpired drops events that expired before `now`, and readers still resume from a purged id', async () => {
      const now = Date.now();
      const [a, b, c] = await appendThree((i) => (i === 0 ? now + minuteMs : now + 2 * hourMs));
      const purged = await log().purgeExpired(now + 10 * minuteMs);
      expect(purged).toBeGreaterThanOrEqual(1);
      const all = await log().listAfter(undefined, 1_000_000);
      expect(all.some((e) => e.id === a!.id)).toBe(false);
      expect(await log().listAfter(a!.id, 10)).toEqual([b, c]);
      expect(await log().purgeExpired(now)).toBeGreaterThanOrEqual(0);
      expect(await log().listAfter(a!.id, 10)).toEqual([b, c]);
    });
  });
}
