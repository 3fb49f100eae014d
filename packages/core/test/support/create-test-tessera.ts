import { createMemoryStores, createTessera, type CoreSettingsInput, type Stores, type Tessera } from '../../src/index.js';
import { FakeClock } from './fake-clock.js';

/** A core on memory stores with a fake clock and cheap Argon2 parameters (these tests are not about hashing cost). */
export async function createTestTessera(
  settings: Partial<CoreSettingsInput> = {},
  stores: Stores = createMemoryStores(),
): Promise<{ tessera: Tessera; clock: FakeClock; stores: Stores }> {
  const clock = new FakeClock();
  const tessera = await createTessera({
    stores,
    clock,
    settings: { issuer: 'https://auth.example.test', ...settings },
    passwordHashing: { memoryCostKiB: 1024, timeCost: 1 },
  });
  return { tessera, clock, stores };
}
