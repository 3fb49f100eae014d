import { afterAll, beforeAll } from 'vitest';

/**
 * How a contract gets the store under test. `create` runs once per contract `describe` (every test
 * uses fresh random ids, so one store serves them all and a store may even be shared between
 * contracts); `close`, when given, runs after the last test of that `describe`.
 *
 * @example
 * sessionStoreContract('sqlite', { create: async () => (await openStores()).sessions });
 */
export interface Harness<T> {
  create(): Promise<T>;
  close?(value: T): Promise<void>;
}

/** Registers the hooks of `h` in the enclosing `describe`; the getter is valid inside its tests. */
export function useHarness<T>(h: Harness<T>): () => T {
  let value: { current: T } | undefined;
  beforeAll(async () => {
    value = { current: await h.create() };
  });
  afterAll(async () => {
    if (value && h.close) await h.close(value.current);
    value = undefined;
  });
  return () => {
    if (!value) throw new Error('the store is only available inside a test of its contract');
    return value.current;
  };
}
