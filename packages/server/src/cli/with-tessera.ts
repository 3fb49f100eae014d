import type { Tessera } from '@tessera/core';
import { composeStores } from '../compose/compose-stores.js';
import { composeTessera } from '../compose/compose-tessera.js';
import { loadConfig } from '../config/load-config.js';
import { BackchannelLogoutDispatcher } from '../oauth/logout/backchannel-logout-dispatcher.js';
import { describeStoreTarget } from './store-target.js';

export interface WithTesseraOptions {
  /** The command changes state: once it has, say on stderr which stores it wrote to. */
  writes?: boolean;
}

/** Composes the configured core for one administrative command, then closes its stores. */
export async function withTessera<T>(action: (tessera: Tessera) => Promise<T>, options: WithTesseraOptions = {}): Promise<T> {
  const config = loadConfig();
  const { stores } = await composeStores(config);
  const tessera = await composeTessera(config, stores);
  // A command that ends sessions (users disable, remove) tells back-channel clients before it exits.
  const backchannel = new BackchannelLogoutDispatcher(tessera, { attempts: 3 });
  try {
    const result = await action(tessera);
    await backchannel.drain();
    if (options.writes === true) process.stderr.write(`wrote to ${describeStoreTarget(config)}\n`);
    return result;
  } finally {
    await backchannel.close();
    await tessera.close();
  }
}
