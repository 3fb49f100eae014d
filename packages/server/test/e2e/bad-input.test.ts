import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeBadInputE2E } from './suites/bad-input-suite.js';

const stores = await availableTestStores();

describe.each(stores)('bad input over real HTTP (%s store)', (store) => {
  describeBadInputE2E(useLocalServer({ store }));
});
