import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeApiMeE2E } from './suites/api-me-suite.js';

const stores = await availableTestStores();

describe.each(stores)('the protected resource over real HTTP (%s store)', (store) => {
  describeApiMeE2E(useLocalServer({ store }));
});
