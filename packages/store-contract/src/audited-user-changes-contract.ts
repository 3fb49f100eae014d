import type { AuditEventRecord, AuditLog, UserStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleAuditEvent, sampleUser } from './sample-records.js';

/** A user store and the audit log of the same `Stores`. */
export interface AuditedUserStores {
  users: UserStore;
  audit: AuditLog;
}

/**
 * An event the store must refuse on every backend: its detail is not JSON (the port's rule), and
 * the SQL stores only find out after the user row is written, so their transaction must roll back.
 */
const unwritableEvent = (userId: string): AuditEventRecord => sampleAuditEvent(userId, { type: 'user.signup', detail: { attempt: 1n } });

/**
 * The `UserStore` rule for audited changes (audit issue 9, finding 16): the change and its audit
 * event are written together, readable through the `AuditLog` of the same stores, or neither is.
 */
export function auditedUserChangesContract(backend: string, h: Harness<AuditedUserStores>): void {
  describe(`UserStore audited changes (${backend})`, () => {
    const stores = useHarness(h);

    it('create with an audit event writes the user and the event', async () => {
      const user = sampleUser();
      const event = sampleAuditEvent(user.id, { type: 'user.signup', detail: {} });
      await stores().users.create(user, event);
      expect(await stores().users.findByEmail(user.email)).toEqual(user);
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([event]);
    });

    it('an audit event that cannot be written rolls the user back; a retry succeeds', async () => {
      const user = sampleUser();
      await expect(stores().users.create(user, unwritableEvent(user.id))).rejects.toThrow(TypeError);
      expect(await stores().users.findByEmail(user.email)).toBeNull();
      expect(await stores().users.findById(user.id)).toBeNull();
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([]);

      const event = sampleAuditEvent(user.id, { type: 'user.signup', detail: {} });
      await stores().users.create(user, event);
      expect(await stores().users.findByEmail(user.email)).toEqual(user);
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([event]);
    });

    it('a taken email writes no audit event', async () => {
      const first = sampleUser();
      await stores().users.create(first);
      const second = sampleUser({ email: first.email });
      await expect(stores().users.create(second, sampleAuditEvent(second.id, { type: 'user.signup' }))).rejects.toMatchObject({ code: 'email_taken' });
      expect(await stores().audit.listByUser(second.id, 10)).toEqual([]);
    });

    it('updatePassword with an audit event writes both; an unwritable event leaves the password as it was', async () => {
      const user = sampleUser();
      await stores().users.create(user);
      const changedAt = user.createdAt + 5_000;
      await expect(stores().users.updatePassword(user.id, '$argon2id$refused', changedAt, unwritableEvent(user.id))).rejects.toThrow(TypeError);
      expect(await stores().users.findById(user.id)).toEqual(user);
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([]);

      const event = sampleAuditEvent(user.id, { at: changedAt, type: 'user.password_changed', detail: {} });
      expect(await stores().users.updatePassword(user.id, '$argon2id$new-hash', changedAt, event)).toBe(true);
      expect((await stores().users.findById(user.id))?.passwordHash).toBe('$argon2id$new-hash');
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([event]);
    });

    it('updatePassword of an unknown user answers false and writes no audit event', async () => {
      const user = sampleUser();
      expect(await stores().users.updatePassword(user.id, '$argon2id$x', Date.now(), sampleAuditEvent(user.id, { type: 'user.password_changed' }))).toBe(false);
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([]);
    });

    it('setDisabledAt and remove write their audit events with the change, or neither', async () => {
      const user = sampleUser();
      await stores().users.create(user);
      const at = user.createdAt + 1_000;
      await expect(stores().users.setDisabledAt(user.id, at, at, unwritableEvent(user.id))).rejects.toThrow(TypeError);
      expect(await stores().users.findById(user.id)).toEqual(user);
      const disabled = sampleAuditEvent(user.id, { at, type: 'user.disabled', detail: {} });
      expect(await stores().users.setDisabledAt(user.id, at, at, disabled)).toBe(true);

      await expect(stores().users.remove(user.id, unwritableEvent(user.id))).rejects.toThrow(TypeError);
      expect((await stores().users.findById(user.id))?.disabledAt).toBe(at);
      const removed = sampleAuditEvent(user.id, { at: at + 1, type: 'user.removed', detail: {} });
      expect(await stores().users.remove(user.id, removed)).toBe(true);
      expect(await stores().users.findById(user.id)).toBeNull();
      expect(await stores().audit.listByUser(user.id, 10)).toEqual([removed, disabled]);
      expect(await stores().users.remove(user.id, sampleAuditEvent(user.id, { type: 'user.removed' }))).toBe(false);
      expect(await stores().audit.listByUser(user.id, 10)).toHaveLength(2);
    });
  });
}
