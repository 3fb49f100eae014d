import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeSessionsE2E } from './suites/sessions-suite.js';

const stores = await availableTestStores();

describe.each(stores)('sessions, cookies and devices over real HTTP (%s store)', (store) => {
  describeSessionsE2E(useLocalServer({ store }));
});
