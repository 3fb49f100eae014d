export interface ClusterOptions {
  /** Number of Tessera instances. Default 3. */
  instances?: number;
  /** The balancer's port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Extra environment for every instance (and the CLI), over the cluster's own. */
  env?: Record<string, string>;
  /** Environment of one instance only (`t1` is index 0), over `env`. */
  instanceEnv?: (name: string, index: number) => Record<string, string>;
  /** PostgreSQL server on which the run's own database is created. Default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test. */
  databaseUrl?: string;
  /** Redis (or a comma list of cluster nodes). Default REDIS_URL, else redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** `dist` (built, the default) or `source` (TypeScript through tsx: tests, no build step). */
  entry?: 'dist' | 'source';
  /** HAProxy binary. Default: findHaproxy(). */
  haproxy?: string;
  /** `TESSERA_ISSUER` of every instance. Default: the balancer's URL. */
  issuer?: string;
  /** Keep the run's database, Redis keys and run directory (logs, haproxy.cfg) after stop(). */
  keep?: boolean;
  /** Each output line of an instance (`t1`…) or of `haproxy`. Default: only kept in `output` and the run's log files. */
  onOutput?: (source: string, line: string) => void;
  /** How long each instance may take to answer /readyz at start. Default 90 s. */
  readyTimeoutMs?: number;
}

export interface ClusterInstance {
  /** `t1`, `t2`, …: also its X-Tessera-Instance header. */
  readonly name: string;
  /** The instance itself, bypassing the balancer. */
  readonly url: string;
  readonly port: number;
  /** null while it is not running. */
  readonly pid: number | null;
  readonly running: boolean;
  /** The last 50 kB it printed. */
  readonly output: string;
  readonly logFile: string;
  /** Sends the signal (default SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGTERM (graceful shutdown) and wait. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once its /readyz answers 200. */
  restart(timeoutMs?: number): Promise<void>;
}

/**
 * Per server: HAProxy's check status in the /readyz-checked backend (`ready`) and in the
 * TCP-checked one (`live`): "UP", "DOWN", "UP 1/2", …; and, summed over both, `retries` (wretr),
 * `redispatches` (wredis) and `responses` (stot: sessions sent to it).
 */
export type BalancerStates = Record<string, { ready?: string; live?: string; retries?: number; redispatches?: number; responses?: number }>;

export interface Cluster {
  /** The balancer: `http://127.0.0.1:<port>`. Also every instance's TESSERA_ISSUER. */
  readonly url: string;
  readonly port: number;
  readonly runId: string;
  /** Logs (`t1.log`, …) and haproxy.cfg. */
  readonly runDir: string;
  /** The run's own database. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  /** The environment the instances share (without PORT and the instance name). */
  readonly env: Record<string, string>;
  readonly instances: ClusterInstance[];
  instance(name: string): ClusterInstance;
  /** `tessera <args>` against the cluster's stores; resolves with stdout. */
  cli(args: string[]): Promise<string>;
  balancerStates(): Promise<BalancerStates>;
  /** Polls the balancer's states until `predicate` holds. */
  waitForBalancer(predicate: (states: BalancerStates) => boolean, timeoutMs?: number): Promise<BalancerStates>;
  /** Instances (graceful), HAProxy, then the run's database and Redis keys. Idempotent. */
  stop(): Promise<void>;
}
