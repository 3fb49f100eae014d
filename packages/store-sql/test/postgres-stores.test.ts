import { revocationBusContract, storesContract } from '@tessera/store-contract';
import { dropSchema, serviceAvailable, testPostgresUrl, uniqueSchema } from '@tessera/testing';
import { afterAll, describe } from 'vitest';
import { createPostgresStores, type SqlStores } from '../src/index.js';

const hasPostgres = await serviceAvailable('postgres');
const schema = uniqueSchema();
const open = () => createPostgresStores({ connectionString: testPostgresUrl, schema });

describe.runIf(hasPostgres)('PostgreSQL stores', () => {
  afterAll(() => dropSchema(schema));

  storesContract('postgres', { create: open });

  // Two instances: separate pools and LISTEN connections on one schema.
  const instances: SqlStores[] = [];
  revocationBusContract('postgres, two instances', {
    create: async () => {
      instances.push(await open(), await open());
      return { a: instances[0]!.revocationBus, b: instances[1]!.revocationBus };
    },
    close: async () => {
      for (const stores of instances) await stores.close();
    },
  });
});
