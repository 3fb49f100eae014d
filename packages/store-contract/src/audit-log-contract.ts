import type { AuditLog } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleAuditEvent, uniqueId } from './sample-records.js';

/** The `AuditLog` port: append, and a user's events newest first. */
export function auditLogContract(backend: string, h: Harness<AuditLog>): void {
  describe(`AuditLog contract (${backend})`, () => {
    const log = useHarness(h);

    it('lists a user\'s events newest first, at most `limit`', async () => {
      const userId = uniqueId('user');
      const base = Date.now();
      const events = [
        sampleAuditEvent(userId, { at: base, type: 'signup' }),
        sampleAuditEvent(userId, { at: base + 1_000, type: 'login.succeeded', detail: { method: 'password', client: { id: 'tessera' } } }),
        sampleAuditEvent(userId, { at: base + 2_000, type: 'session.revoked', ip: null, detail: {} }),
        sampleAuditEvent(userId, { at: base + 3_000, type: 'logout' }),
      ];
      for (const e of events) await log().append(e);
      await log().append(sampleAuditEvent(uniqueId('user'), { at: base + 4_000 }));
      await log().append(sampleAuditEvent(null, { at: base + 5_000, type: 'login.failed', detail: { reason: 'unknown_email' } }));

      expect(await log().listByUser(userId, 10)).toEqual([...events].reverse());
      expect(await log().listByUser(userId, 2)).toEqual([events[3], events[2]]);
    });

    it('answers an empty list for a user without events', async () => {
      expect(await log().listByUser(uniqueId('user'), 10)).toEqual([]);
    });
  });
}
