import { describe } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { useLocalServer } from './support/local-target.js';
import { describeMetadataE2E } from './suites/metadata-suite.js';

const stores = await availableTestStores();

describe.each(stores)('metadata and operations over real HTTP (%s store)', (store) => {
  describeMetadataE2E(useLocalServer({ store }));
});
