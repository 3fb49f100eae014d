import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type CoreSettings, type Tessera } from '@tessera/core';
import { coreSettingsFrom } from '../../../src/compose/compose-tessera.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startServer } from '../../../src/serve.js';
import { freePort } from '@tessera/testing';
import { registerShopClients, type ShopClients } from './shop-clients.js';

export interface MicroservicesServer {
  url: string;
  tessera: Tessera;
  clients: ShopClients;
  close(): Promise<void>;
}

/**
 * A real Tessera server (the same `startServer` as `tessera serve`) in this process, on memory
 * stores, with core settings the environment cannot express (access tokens of a few seconds, so
 * "until they expire" takes seconds), and the example's clients registered.
 */
export async function startMicroservicesServer(settings: Partial<CoreSettings> = {}, env: Record<string, string> = {}): Promise<MicroservicesServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-microservices-'));
  const port = await freePort();
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    TESSERA_DATA_DIR: dataDir,
    TESSERA_ARGON2_MEMORY_KIB: '1024',
    TESSERA_ARGON2_TIME_COST: '1',
    ...env,
  });
  let clients: ShopClients | undefined;
  const server = await startServer(config, {
    logger: createLogger({ level: 'silent' }),
    stores: createMemoryStores(),
    tesseraOverrides: { settings: { ...coreSettingsFrom(config), ...settings } },
    beforeListen: async (tessera) => {
      clients = await registerShopClients(tessera);
    },
  });
  return {
    url: server.url,
    tessera: server.tessera,
    clients: clients!,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
