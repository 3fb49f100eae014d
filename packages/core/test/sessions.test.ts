import { describe, expect, it } from 'vitest';
import { hashOpaqueToken, NotFoundError } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

describe('SessionService', () => {
  it('issues ≥ 128-bit tokens and stores only their SHA-256', async () => {
    const { tessera, stores } = await createTestTessera();
    const { token, session } = await tessera.sessions.create('user-1', { userAgent: 'ua', ip: '127.0.0.1' });
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const stored = await stores.sessions.findById(session.id);
    expect(stored?.tokenHash).toBe(hashOpaqueToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(session.id).not.toBe(token);
  });

  it('expires after the idle timeout and slides while used', async () => {
    const { tessera, clock } = await createTestTessera({ sessionIdleTtlSeconds: 600, sessionAbsoluteTtlSeconds: 3600, sessionRenewalIntervalSeconds: 60 });
    const { token } = await tessera.sessions.create('user-1');
    clock.advanceSeconds(500);
    expect(await tessera.sessions.authenticate(token)).not.toBeNull(); // renews: idle now ends at 1100 s
    clock.advanceSeconds(500);
    expect(await tessera.sessions.authenticate(token)).not.toBeNull();
    clock.advanceSeconds(601);
    expect(await tessera.sessions.authenticate(token)).toBeNull();
  });

  it('never outlives the absolute timeout, however active', async () => {
    const { tessera, clock } = await createTestTessera({ sessionIdleTtlSeconds: 600, sessionAbsoluteTtlSeconds: 1800 });
    const { token } = await tessera.sessions.create('user-1');
    for (let elapsed = 0; elapsed < 1790; elapsed += 300) {
      expect(await tessera.sessions.authenticate(token)).not.toBeNull();
      clock.advanceSeconds(300);
    }
    clock.advanceSeconds(20);
    expect(await tessera.sessions.authenticate(token)).toBeNull();
  });

  it('writes the sliding renewal at most once per interval', async () => {
    const { tessera, clock, stores } = await createTestTessera({ sessionRenewalIntervalSeconds: 60 });
    const { token, session } = await tessera.sessions.create('user-1');
    clock.advanceSeconds(30);
    await tessera.sessions.authenticate(token);
    expect((await stores.sessions.findById(session.id))?.lastSeenAt).toBe(session.lastSeenAt);
    clock.advanceSeconds(31);
    await tessera.sessions.authenticate(token);
    expect((await stores.sessions.findById(session.id))?.lastSeenAt).toBe(session.lastSeenAt + 61_000);
  });

  it('ends a planted session at login instead of upgrading it (fixation)', async () => {
    const { tessera } = await createTestTessera();
    const planted = await tessera.sessions.create('attacker');
    const login = await tessera.sessions.create('victim', {}, planted.token);
    expect(login.token).not.toBe(planted.token);
    expect(await tessera.sessions.authenticate(planted.token)).toBeNull();
    expect((await tessera.sessions.authenticate(login.token))?.userId).toBe('victim');
  });

  it('binds the CSRF token to the session and compares it exactly', async () => {
    const { tessera } = await createTestTessera();
    const a = await tessera.sessions.create('user-1');
    const b = await tessera.sessions.create('user-1');
    expect(tessera.sessions.verifyCsrf(a.token, a.csrfToken)).toBe(true);
    expect(tessera.sessions.verifyCsrf(a.token, b.csrfToken)).toBe(false);
    expect(tessera.sessions.verifyCsrf(a.token, undefined)).toBe(false);
    expect(tessera.sessions.verifyCsrf(a.token, '')).toBe(false);
  });

  it('lists and revokes per user; another user\'s session is not found', async () => {
    const { tessera } = await createTestTessera();
    const mine = await tessera.sessions.create('me');
    const other = await tessera.sessions.create('me');
    const theirs = await tessera.sessions.create('them');
    expect((await tessera.sessions.list('me')).map((s) => s.id).sort()).toEqual([mine.session.id, other.session.id].sort());
    await expect(tessera.sessions.revokeOwn('me', theirs.session.id)).rejects.toBeInstanceOf(NotFoundError);
    await tessera.sessions.revokeOwn('me', other.session.id);
    expect(await tessera.sessions.authenticate(other.token)).toBeNull();
    await tessera.sessions.revokeAllForUser('me', mine.session.id);
    expect(await tessera.sessions.authenticate(mine.token)).not.toBeNull();
    expect(await tessera.sessions.authenticate(theirs.token)).not.toBeNull();
  });

  it('publishes a revocation event and denylists the sid on logout', async () => {
    const { tessera, stores } = await createTestTessera();
    const events: string[] = [];
    await stores.revocationBus.subscribe((e) => events.push(e.subject.kind));
    const { token, session } = await tessera.sessions.create('user-1');
    await tessera.sessions.end(token);
    expect(events).toEqual(['session']);
    expect(await stores.denylist.isDenied('any-jti', session.id, tessera.clock.now())).toBe(true);
    expect((await stores.revocationLog.listAfter(undefined, 10))[0]?.subject).toMatchObject({ kind: 'session', sid: session.id });
  });

  it('keeps application data like request.session, bounded in size', async () => {
    const { tessera } = await createTestTessera();
    const { token, session } = await tessera.sessions.create('user-1', { data: { cart: [1, 2] } });
    await tessera.sessions.setData(session.id, { cart: [1, 2, 3], theme: 'dark' });
    expect((await tessera.sessions.authenticate(token))?.data).toEqual({ cart: [1, 2, 3], theme: 'dark' });
    await expect(tessera.sessions.setData(session.id, { blob: 'x'.repeat(20_000) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(tessera.sessions.setData(session.id, { name: 'a\0b' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
