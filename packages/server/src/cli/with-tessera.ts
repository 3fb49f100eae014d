import type { Tessera } from '@tessera/core';
import { composeStores } from '../compose/compose-stores.js';
import { composeTessera } from '../compose/compose-tessera.js';
import { loadConfig } from '../config/load-config.js';

/** Composes the configured core for one administrative command, then closes its stores. */
export async function withTessera<T>(action: (tessera: Tessera) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const stores = await composeStores(config);
  const tessera = await composeTessera(config, stores);
  try {
    return await action(tessera);
  } finally {
    await tessera.close();
  }
}
