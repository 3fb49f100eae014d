import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeCsrfE2E } from './suites/csrf-suite.js';

const stores = await availableTestStores();

describe.each(stores)('CSRF and Origin checks over real HTTP (%s store)', (store) => {
  describeCsrfE2E(useLocalServer({ store }));
});
