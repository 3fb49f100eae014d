import { InvalidCredentialsError, RateLimitedError } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { LoginThrottle, memoryRateLimiterFactory } from '../../src/index.js';

const limits = { failuresPerAccountAndIp: 3, failuresPerAccount: 5, failuresPerIp: 6, windowSeconds: 60 };
const isFailure = (error: unknown) => error instanceof InvalidCredentialsError;
const fail = () => Promise.reject(new InvalidCredentialsError());
const succeed = () => Promise.resolve('ok');

async function outcome(throttle: LoginThrottle, email: string, ip: string, attempt: () => Promise<string>): Promise<string> {
  try {
    return await throttle.guard(email, ip, attempt, isFailure);
  } catch (error) {
    if (error instanceof RateLimitedError) return `429 after ${error.retryAfterSeconds}s`;
    if (error instanceof InvalidCredentialsError) return '401';
    throw error;
  }
}

describe('LoginThrottle', () => {
  it('blocks one account from one IP after its consecutive failures, for the rest of the window', async () => {
    const throttle = new LoginThrottle(memoryRateLimiterFactory, limits);
    for (let i = 0; i < 3; i++) expect(await outcome(throttle, 'a@x.io', '1.1.1.1', fail)).toBe('401');
    expect(await outcome(throttle, 'A@X.io ', '1.1.1.1', succeed)).toMatch(/^429 after (59|60)s$/);
    // Another IP may still try the account; the same IP may try another account.
    expect(await outcome(throttle, 'a@x.io', '2.2.2.2', succeed)).toBe('ok');
    expect(await outcome(throttle, 'b@x.io', '1.1.1.1', succeed)).toBe('ok');
  });

  it('a success resets the account counters but not the IP counter', async () => {
    const throttle = new LoginThrottle(memoryRateLimiterFactory, limits);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) expect(await outcome(throttle, 'a@x.io', '1.1.1.1', fail)).toBe('401');
      expect(await outcome(throttle, 'a@x.io', '1.1.1.1', succeed)).toBe('ok');
    }
    // Four failures from this IP so far; two more on other accounts exhaust the IP budget of 6.
    expect(await outcome(throttle, 'c@x.io', '1.1.1.1', fail)).toBe('401');
    expect(await outcome(throttle, 'd@x.io', '1.1.1.1', fail)).toBe('401');
    expect(await outcome(throttle, 'e@x.io', '1.1.1.1', succeed)).toMatch(/^429/);
  });

  it('caps failures per account across IPs', async () => {
    const throttle = new LoginThrottle(memoryRateLimiterFactory, limits);
    for (let i = 0; i < 5; i++) expect(await outcome(throttle, 'a@x.io', `10.0.0.${i}`, fail)).toBe('401');
    expect(await outcome(throttle, 'a@x.io', '10.0.0.99', succeed)).toMatch(/^429/);
  });

  it('does not count errors that are not wrong credentials', async () => {
    const throttle = new LoginThrottle(memoryRateLimiterFactory, limits);
    for (let i = 0; i < 10; i++) {
      await expect(throttle.guard('a@x.io', '1.1.1.1', () => Promise.reject(new Error('bad input')), isFailure)).rejects.toThrow('bad input');
    }
    expect(await outcome(throttle, 'a@x.io', '1.1.1.1', succeed)).toBe('ok');
  });

  it('fails closed when its counter store fails', async () => {
    const broken = () => ({ consume: () => Promise.reject(new Error('down')), reward: () => Promise.reject(new Error('down')) }) as never;
    const throttle = new LoginThrottle(broken, limits);
    await expect(throttle.guard('a@x.io', '1.1.1.1', succeed, isFailure)).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
