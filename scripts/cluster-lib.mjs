/**
 * N Tessera instances sharing PostgreSQL and Redis behind HAProxy on one port: the machinery of
 * `npm run cluster`, the cluster and fault tests (packages/server/test/cluster, test/faults) and
 * the lab's scaling modes. Plain ESM so all three can import it; types in cluster-lib.d.mts.
 *
 *   import { startCluster } from '../scripts/cluster-lib.mjs';
 *   const cluster = await startCluster({ instances: 3 });
 *   await fetch(`${cluster.url}/readyz`);              // through the balancer
 *   await cluster.instances[1].kill();                  // SIGKILL one instance
 *   await cluster.instances[1].restart();
 *   await cluster.stop();                                // instances, HAProxy, the run's database and keys
 *
 * Every run gets a database of its own on the PostgreSQL server (`tessera_cluster_<run>`, dropped
 * by `stop()`) and a Redis key prefix of its own (`tessera:cluster-<run>:`, deleted by `stop()`),
 * so runs and parallel test files never see each other's data.
 */
/* global Buffer, fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';
export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/** The response header each instance adds (TESSERA_INSTANCE_NAME). */
export const instanceHeader = 'x-tessera-instance';

/**
 * The longest header value the balancer forwards: HAProxy 2.6 stores each header in an HTX
 * block whose value length has 20 bits, so a value of 1 MiB or more is refused with its built-in
 * HTML 400 before Tessera sees it (early parsing errors ignore `errorfile`). Anything shorter is
 * forwarded (the buffer is 2 MiB) and Tessera answers it, 431 above its 16 KiB cap.
 */
export const balancerHeaderLimitBytes = 1_048_575;

/** HAProxy's binary: TESSERA_HAPROXY, else /usr/sbin/haproxy, else `haproxy` on PATH; null when there is none. */
export function findHaproxy() {
  const candidates = [process.env.TESSERA_HAPROXY, '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].filter(Boolean);
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

// Every process started here dies with this process, even when a caller forgets stop().
const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts the cluster and resolves once the balancer routes to every instance.
 * @param {import('./cluster-lib.d.mts').ClusterOptions} [options]
 * @returns {Promise<import('./cluster-lib.d.mts').Cluster>}
 */
export async function startCluster(options = {}) {
  const count = options.instances ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new RangeError('instances must be a whole number from 1 to 32');
  const haproxy = options.haproxy ?? findHaproxy();
  if (!haproxy) throw new Error('HAProxy is not installed (apt-get install haproxy, or set TESSERA_HAPROXY)');
  const entry = options.entry ?? 'dist';
  const nodeArguments = entryArguments(entry);
  const runId = randomBytes(4).toString('hex');
  const runDir = await mkdtemp(join(tmpdir(), `tessera-cluster-${runId}-`));
  const adminDatabaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? defaultRedisUrl;
  const redisPrefix = `tessera:cluster-${runId}:`;
  const databaseName = `tessera_cluster_${runId}`;
  const onOutput = options.onOutput ?? null;
  const cleanups = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    await createDatabase(adminDatabaseUrl, databaseName);
    const databaseUrl = databaseUrlFor(adminDatabaseUrl, databaseName);
    cleanups.push(async () => {
      if (!options.keep) await dropDatabase(adminDatabaseUrl, databaseName);
    });
    cleanups.push(async () => {
      if (!options.keep) await deleteRedisKeys(redisUrl, redisPrefix);
    });
    cleanups.push(async () => {
      if (!options.keep) await rm(runDir, { recursive: true, force: true });
    });

    const port = options.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const sharedEnv = {
      HOST: '127.0.0.1',
      TESSERA_ISSUER: options.issuer ?? url,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      TESSERA_REDIS_PREFIX: redisPrefix,
      // HAProxy on loopback adds X-Forwarded-For: the login throttle sees the real client address.
      TESSERA_TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    const baseEnv = { ...process.env, ...sharedEnv };
    const cli = (args) => runCli(nodeArguments, args, { ...baseEnv, TESSERA_DATA_DIR: join(runDir, 'cli') });

    // Migrate once up front: the instances would manage concurrently (advisory lock), but a
    // clear error here beats three interleaved ones.
    await cli(['migrate']);

    const instances = [];
    for (let i = 0; i < count; i++) {
      const name = `t${i + 1}`;
      const own = options.instanceEnv?.(name, i) ?? {};
      instances.push(new InstanceProcess(name, nodeArguments, runDir, { ...baseEnv, TESSERA_INSTANCE_NAME: name, TESSERA_DATA_DIR: join(runDir, `data-${name}`), ...own }, onOutput));
    }
    cleanups.push(async () => {
      await Promise.all(instances.map((instance) => instance.stop()));
    });
    await Promise.all(instances.map((instance) => instance.startOnFreePort(options.readyTimeoutMs ?? 90_000)));

    const balancer = new Balancer(haproxy, runDir, port, instances, onOutput);
    cleanups.push(() => balancer.stop());
    await balancer.start();
    await balancer.waitUntil((states) => instances.every((instance) => states[instance.name]?.ready === 'UP'), 30_000);

    let stopping = null;
    return {
      url,
      port,
      runId,
      runDir,
      databaseUrl,
      redisUrl,
      redisPrefix,
      env: sharedEnv,
      instances: instances.map((instance) => instance.handle()),
      instance: (name) => {
        const found = instances.find((instance) => instance.name === name);
        if (!found) throw new Error(`no instance ${name}`);
        return found.handle();
      },
      cli,
      balancerStates: () => balancer.states(),
      waitForBalancer: (predicate, timeoutMs = 15_000) => balancer.waitUntil(predicate, timeoutMs),
      stop: () => {
        stopping ??= cleanUp();
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function entryArguments(entry) {
  if (entry === 'source') return ['--conditions=source', '--import', 'tsx', join(repositoryRoot, 'packages/server/src/bin.ts')];
  const built = join(repositoryRoot, 'packages/server/dist/bin.js');
  if (!existsSync(built)) throw new Error('packages/server/dist/bin.js is missing: run `npm run build` (or pass entry: "source")');
  return [built];
}

/** One `tessera serve` process on a fixed port, restartable. */
class InstanceProcess {
  /** @type {import('node:child_process').ChildProcess | null} */
  child = null;
  port = 0;
  output = '';

  constructor(name, nodeArguments, runDir, env, onOutput) {
    this.name = name;
    this.nodeArguments = nodeArguments;
    this.logFile = join(runDir, `${name}.log`);
    this.env = env;
    this.onOutput = onOutput;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  handle() {
    return new InstanceHandle(this);
  }

  /** First start: a free port, retried when another process takes it first. */
  async startOnFreePort(timeoutMs) {
    for (let attempt = 0; ; attempt++) {
      this.port = await freePort();
      try {
        await this.restart(timeoutMs);
        return;
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE/.test(this.output)) throw error;
      }
    }
  }

  /** Starts the process (again) on its port and resolves once its own /readyz answers 200. */
  async restart(timeoutMs = 90_000) {
    if (this.child) throw new Error(`instance ${this.name} is still running`);
    const child = spawn(process.execPath, [...this.nodeArguments, 'serve'], {
      cwd: repositoryRoot,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C in the terminal reaches the cluster script, which stops
      // the instances in order, instead of every process at once.
      detached: true,
    });
    this.child = child;
    running.add(child);
    const keep = (chunk) => this.#keep(chunk);
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', () => {
      running.delete(child);
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child !== child) throw new Error(`instance ${this.name} exited during start-up:\n${this.output.slice(-4000)}`);
      if (await isReady(this.url)) return;
      if (Date.now() > deadline) throw new Error(`instance ${this.name} was not ready within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      await sleep(100);
    }
  }

  /** Sends `signal` (SIGKILL: a crash) and waits until the process is gone. */
  async kill(signal = 'SIGKILL') {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Graceful: SIGTERM, then SIGKILL after 15 s. */
  async stop() {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  }

  #keep(chunk) {
    const text = chunk.toString();
    this.output = (this.output + text).slice(-50_000);
    void appendFile(this.logFile, text).catch(() => undefined);
    if (this.onOutput) for (const line of text.split('\n')) if (line.trim()) this.onOutput(this.name, line);
  }
}

/** What callers get for an instance: live views of its state and its controls. */
class InstanceHandle {
  #instance;

  constructor(instance) {
    this.#instance = instance;
    this.name = instance.name;
    this.logFile = instance.logFile;
  }

  get url() {
    return this.#instance.url;
  }

  get port() {
    return this.#instance.port;
  }

  get pid() {
    return this.#instance.child?.pid ?? null;
  }

  get running() {
    return this.#instance.child !== null;
  }

  get output() {
    return this.#instance.output;
  }

  kill(signal = 'SIGKILL') {
    return this.#instance.kill(signal);
  }

  stop() {
    return this.#instance.stop();
  }

  restart(timeoutMs = 90_000) {
    return this.#instance.restart(timeoutMs);
  }
}

/**
 * HAProxy in front of the instances: round robin, no stickiness, and two backends over the same
 * servers. `tessera_ready` health-checks `GET /readyz`; `tessera_live` only checks that the port
 * accepts connections. Traffic goes to the ready ones; only when none is ready (a shared store
 * is down for everyone) does it go to the live ones, which answer for themselves: 503 with
 * Retry-After for what needs the missing store, 200 for what does not (JWTs on the local keys).
 */
class Balancer {
  /** @type {import('node:child_process').ChildProcess | null} */
  child = null;
  output = '';

  constructor(binary, runDir, port, instances, onOutput) {
    this.binary = binary;
    this.runDir = runDir;
    this.configFile = join(runDir, 'haproxy.cfg');
    this.socket = join(runDir, 'haproxy.sock');
    this.port = port;
    this.instances = instances;
    this.onOutput = onOutput;
  }

  async start() {
    const errorFiles = {};
    for (const [status, file] of Object.entries(problemResponses())) {
      errorFiles[status] = join(this.runDir, `error-${status}.http`);
      await writeFile(errorFiles[status], file);
    }
    await writeFile(this.configFile, haproxyConfig({ port: this.port, socket: this.socket, servers: this.instances.map((i) => ({ name: i.name, port: i.port })), errorFiles }));
    const child = spawn(this.binary, ['-f', this.configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    running.add(child);
    const keep = (chunk) => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-20_000);
      if (this.onOutput) for (const line of text.split('\n')) if (line.trim()) this.onOutput('haproxy', line);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', () => {
      running.delete(child);
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (this.child !== child) throw new Error(`haproxy exited at start:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${this.port}:\n${this.output}`);
      await sleep(50);
    }
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  }

  /** Each server's check state in both backends and its retry counters, from the stats socket: `{ t1: { ready: 'UP', live: 'UP', … }, … }`. */
  async states() {
    const csv = await socketCommand(this.socket, 'show stat');
    const lines = csv.split('\n').filter((line) => line.trim() !== '');
    const header = (lines.shift() ?? '').replace(/^# /, '').split(',');
    const column = (name) => header.indexOf(name);
    const states = {};
    for (const line of lines) {
      const fields = line.split(',');
      const backend = fields[column('pxname')];
      const server = fields[column('svname')];
      if (server === 'FRONTEND' || server === 'BACKEND') continue;
      const status = fields[column('status')] ?? '';
      states[server] ??= {};
      const counter = (name) => Number(fields[column(name)] ?? 0) || 0;
      if (backend === 'tessera_ready') states[server].ready = status;
      if (backend === 'tessera_live') states[server].live = status;
      // Summed over both backends: requests retried on, and moved away from, this server.
      states[server].retries = (states[server].retries ?? 0) + counter('wretr');
      states[server].redispatches = (states[server].redispatches ?? 0) + counter('wredis');
      states[server].responses = (states[server].responses ?? 0) + counter('stot');
    }
    return states;
  }

  async waitUntil(predicate, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last = {};
    for (;;) {
      last = await this.states().catch(() => last);
      if (predicate(last)) return last;
      if (Date.now() > deadline) throw new Error(`balancer did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(last)}`);
      await sleep(100);
    }
  }
}

/**
 * The HAProxy configuration (HAProxy 2.6). Health checks are short so a dead instance leaves the
 * rotation within about a second; until then `retries` with `option redispatch 1` move a request
 * whose connection was refused, or whose connection died before any response byte
 * (`empty-response`), to another server. HAProxy never resends a request that may have reached
 * the application unless it is idempotent (GET, HEAD, …), so a POST caught in a crash can fail;
 * clients retry those themselves (a refresh rotation repeated within the grace window gets the
 * same successor).
 *
 * `tune.bufsize`: HAProxy must hold a request's whole header block before it forwards it, and
 * answers a bare 400 for anything larger than its buffer (16 KiB by default). The buffer is made
 * larger than any header block worth refusing politely (2 MiB), so Tessera itself, which caps
 * headers at 16 KiB, is the one that refuses them: 431 with its JSON problem document. Buffers
 * are allocated per request in flight and only touched as far as they are filled.
 * HAProxy's own errors (a request it cannot parse, no instance up, a timeout) are Tessera-style
 * problem documents too (`errorFiles`, made by `problemResponses()`).
 */
export function haproxyConfig({ port, socket, servers, errorFiles = {} }) {
  const serverLines = servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port}`).join('\n');
  const errorLines = Object.entries(errorFiles)
    .map(([status, file]) => `  errorfile ${status} ${file}`)
    .join('\n');
  return `# Generated by scripts/cluster-lib.mjs
global
  maxconn 4096
  tune.bufsize 2097152
  stats socket ${socket} mode 600 level admin

defaults
  mode http
  option forwardfor
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout http-request 30s
  timeout http-keep-alive 10s
  timeout queue 10s
  timeout check 1s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response
${errorLines}

frontend tessera
  bind 127.0.0.1:${port}
  # No instance ready (a store they all share is down): route to the live ones anyway and let
  # each answer for itself (503 for what needs the store, 200 for local JWT checks).
  use_backend tessera_live if { nbsrv(tessera_ready) eq 0 }
  default_backend tessera_ready

backend tessera_ready
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz
  http-check expect status 200
  default-server check inter 500ms fastinter 250ms downinter 500ms rise 2 fall 2
${serverLines}

backend tessera_live
  balance roundrobin
  default-server check inter 500ms downinter 500ms rise 1 fall 2
${serverLines}
`;
}

/** Raw HTTP responses for HAProxy's `errorfile`s, in the problem-document shape of Tessera's own errors. */
export function problemResponses() {
  const problems = {
    400: ['Bad Request', 'invalid_request', 'Invalid request', 'The request could not be parsed'],
    408: ['Request Timeout', 'invalid_request', 'Request timeout', 'The request was not received in time'],
    502: ['Bad Gateway', 'store_unavailable', 'Temporarily unavailable', 'The instance failed while answering; retry'],
    503: ['Service Unavailable', 'store_unavailable', 'Temporarily unavailable', 'No Tessera instance is available; retry later'],
    504: ['Gateway Timeout', 'store_unavailable', 'Temporarily unavailable', 'The instance did not answer in time; retry'],
  };
  const responses = {};
  for (const [status, [reason, code, title, detail]] of Object.entries(problems)) {
    const body = JSON.stringify({ type: `urn:tessera:problem:${code}`, title, status: Number(status), detail, code, error: code });
    const retry = Number(status) >= 500 ? 'retry-after: 1\r\n' : '';
    responses[status] =
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/problem+json; charset=utf-8\r\ncache-control: no-store\r\n${retry}` +
      `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }
  return responses;
}

/** Runs `tessera <args>` with the cluster's environment; resolves with stdout. */
function runCli(nodeArguments, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArguments, ...args], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      running.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`tessera ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

/** The admin URL with another database name in its path. */
export function databaseUrlFor(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withPostgres(adminUrl, action) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabase(adminUrl, database) {
  await withPostgres(adminUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${database}"`);
        return;
      } catch (error) {
        // 55006: the template database is busy (another CREATE DATABASE at the same moment).
        if (error?.code !== '55006' || attempt >= 20) throw error;
        await sleep(100 + Math.random() * 200);
      }
    }
  });
}

async function dropDatabase(adminUrl, database) {
  await withPostgres(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

/** Deletes every key under `prefix` (each master of a Cluster). */
async function deleteRedisKeys(redisUrl, prefix) {
  const { Redis, Cluster } = await import('ioredis');
  const urls = redisUrl
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => (/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`));
  const options = { enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false };
  const client =
    urls.length > 1
      ? new Cluster(
          urls.map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port || 6379) })),
          { redisOptions: options },
        )
      : new Redis(urls[0], options);
  client.on('error', () => undefined);
  try {
    const nodes = urls.length > 1 ? client.nodes('master') : [client];
    const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) await node.unlink(key);
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
}

async function isReady(url) {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function socketCommand(path, command) {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('stats socket timed out')));
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** A TCP port the OS says is free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
