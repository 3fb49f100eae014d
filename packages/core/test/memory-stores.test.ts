import { storesContract } from '@tessera/store-contract';
import { createMemoryStores } from '../src/index.js';

storesContract('memory', { create: async () => createMemoryStores() });
