/**
 * Tessera's real server on in-memory stores, for the session-in-memory mode. The contract has no
 * environment switch for memory stores, so this starts the server through its public API:
 * `loadConfig()` + `startServer(config, { stores: createMemoryStores() })`, configured by the same
 * environment variables as `tessera serve`.
 */
interface ServerModule {
  loadConfig(env?: NodeJS.ProcessEnv): unknown;
  startServer(config: unknown, options: { stores: unknown; handleSignals: boolean }): Promise<unknown>;
}
interface CoreModule {
  createMemoryStores(): unknown;
}

const serverSpecifier = '@tessera/server';
const coreSpecifier = '@tessera/core';
const server = (await import(serverSpecifier)) as Partial<ServerModule>;
const core = (await import(coreSpecifier)) as Partial<CoreModule>;
if (typeof server.startServer !== 'function' || typeof server.loadConfig !== 'function' || typeof core.createMemoryStores !== 'function') {
  process.stderr.write('@tessera/server does not export loadConfig/startServer (or @tessera/core createMemoryStores)\n');
  process.exit(3);
}
await server.startServer(server.loadConfig(process.env), { stores: core.createMemoryStores(), handleSignals: true });
