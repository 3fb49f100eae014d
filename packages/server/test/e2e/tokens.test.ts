import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeTokensE2E } from './suites/tokens-suite.js';

const stores = await availableTestStores();

describe.each(stores)('the OAuth endpoints over real HTTP (%s store)', (store) => {
  describeTokensE2E(useLocalServer({ store }));
});
