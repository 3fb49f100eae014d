/**
 * The Tessera configurations the lab measures, started on first use and kept until the end of
 * the run (an idle server costs nothing measurable). A configuration that cannot start is
 * remembered with its reason, so every mode that needs it says the same thing.
 */
import type { LabContext } from './lab-context.js';
import { redisDbUrl } from './process/infrastructure.js';
import { startService, startTessera, profileArgs, type RunningTessera, type TesseraSpec } from './process/lab-processes.js';
import { TesseraClient, newCredentials } from './tessera-client.js';

export type ServerId = 'sqlite' | 'memory' | 'redis' | 'postgres' | 'es256' | 'rs256' | 'ps256';

export const labRedisDb = 14;
export const peerRedisDb = 15;

export interface ServerPoolOptions {
  postgresUrl: string | null;
}

/** Routes tried, in order, as the server's no-auth baseline (the first that answers 200 wins). */
export const noAuthCandidates = ['/livez', '/.well-known/jwks.json'];

export class ServerPool {
  readonly #started = new Map<ServerId, Promise<RunningTessera>>();
  readonly #noAuthPath = new Map<ServerId, string>();

  constructor(
    private readonly ctx: LabContext,
    private readonly options: ServerPoolOptions,
  ) {}

  spec(id: ServerId): TesseraSpec | { problem: string } {
    const { ctx } = this;
    // Pinned: ES256 is the default since 0.2.0, and these servers' figures are EdDSA's (and
    // comparable with earlier runs); the es256 server measures the default.
    const eddsa = { TESSERA_JWT_ALG: 'EdDSA' };
    switch (id) {
      case 'sqlite':
        return { id, label: 'default store (SQLite), EdDSA', env: eddsa };
      case 'memory':
        return { id, label: 'in-memory stores, EdDSA', env: eddsa };
      case 'redis':
        if (!ctx.redisUrl) return { problem: ctx.redisProblem };
        return { id, label: 'sessions in Redis, EdDSA', env: { ...eddsa, REDIS_URL: redisDbUrl(ctx.redisUrl, labRedisDb) } };
      case 'postgres':
        if (!this.options.postgresUrl) return { problem: ctx.postgresProblem };
        return { id, label: 'PostgreSQL, EdDSA', env: { ...eddsa, DATABASE_URL: this.options.postgresUrl } };
      case 'es256':
      case 'rs256':
      case 'ps256': {
        const alg = id.toUpperCase();
        return { id, label: `default store, ${alg}`, env: { TESSERA_JWT_ALG: alg } };
      }
    }
  }

  get(id: ServerId): Promise<RunningTessera> {
    let started = this.#started.get(id);
    if (!started) {
      started = this.#start(id);
      started.catch(() => undefined);
      this.#started.set(id, started);
    }
    return started;
  }

  /** The server's no-auth baseline route (see `noAuthCandidates`). */
  async noAuthPath(id: ServerId): Promise<string> {
    const known = this.#noAuthPath.get(id);
    if (known) return known;
    const server = await this.get(id);
    for (const path of noAuthCandidates) {
      if ((await server.client.status(path).catch(() => 0)) === 200) {
        this.#noAuthPath.set(id, path);
        return path;
      }
    }
    throw new Error(`none of ${noAuthCandidates.join(', ')} answers 200`);
  }

  async #start(id: ServerId): Promise<RunningTessera> {
    const spec = this.spec(id);
    if ('problem' in spec) throw new Error(spec.problem);
    this.ctx.progress.detail(`starting tessera (${spec.label})`);
    if (id === 'memory') return this.#startMemory(spec);
    return startTessera(this.ctx, spec);
  }

  /**
   * The contract has no switch for in-memory stores, so the lab starts the real server through
   * its public `startServer` with `createMemoryStores()` (both exported) in a process of its own.
   */
  async #startMemory(spec: TesseraSpec): Promise<RunningTessera> {
    const { ctx } = this;
    if (!ctx.launch.ok) throw new Error(ctx.launch.reason);
    const nodeFlags = ctx.launch.how === 'source' ? ['--conditions=source', '--import', 'tsx'] : [];
    const service = await startService(ctx, {
      id: 'tessera-memory',
      label: `tessera (${spec.label})`,
      module: 'services/tessera-memory-server',
      env: { LOG_LEVEL: 'warn', HOST: '127.0.0.1', TESSERA_DATA_DIR: `${ctx.workDir}/tessera-memory` },
    }, [...nodeFlags, ...profileArgs(ctx, 'memory')]);
    const client = new TesseraClient(service.url);
    const credentials = newCredentials('memory');
    await client.signup(credentials);
    const session = await client.login(credentials);
    const tokens = await client.passwordGrant(credentials);
    return { ...service, label: spec.label, spec, dataDir: `${ctx.workDir}/tessera-memory`, client, credentials, session, tokens };
  }

  async stopAll(): Promise<void> {
    const starts: Promise<RunningTessera>[] = [...this.#started.values()];
    const settled = await Promise.allSettled(starts);
    await Promise.all(settled.map((entry) => (entry.status === 'fulfilled' ? entry.value.stop() : Promise.resolve())));
  }

  /** Ids started successfully so far. */
  async startedIds(): Promise<ServerId[]> {
    const ids: ServerId[] = [];
    for (const [id, started] of this.#started) {
      if (await started.then(() => true).catch(() => false)) ids.push(id);
    }
    return ids;
  }
}

