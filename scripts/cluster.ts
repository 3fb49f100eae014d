#!/usr/bin/env node
/**
 * `npm run cluster [-- --instances N] [--port P] [--e2e-client]`: N Tessera instances sharing
 * PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) behind HAProxy on one port, until Ctrl-C.
 * The machinery is `startCluster` of @tessera/testing (packages/testing/src/cluster); see
 * docs/scale-out.md.
 */
import { parseArgs } from 'node:util';
import { balancerHeaderLimitBytes, defaultDatabaseUrl, defaultRedisUrl, startCluster, type Cluster } from '@tessera/testing';

const usage = `usage: npm run cluster -- [--instances N] [--port P] [--e2e-client] [--verbose] [--keep]
  --instances N   Tessera instances behind the balancer (default 3)
  --port P        the balancer's port on 127.0.0.1 (default 8080)
  --e2e-client    register a confidential client and print the environment for the end-to-end suites
  --verbose       show the instances' log lines (LOG_LEVEL=info) and HAProxy's
  --keep          keep the run's database, Redis keys and logs after stopping
Environment: DATABASE_URL (the PostgreSQL server; the run gets a database of its own, default
${defaultDatabaseUrl}), REDIS_URL (default ${defaultRedisUrl}, or a comma list of cluster nodes);
other TESSERA_* variables reach every instance.`;

interface Arguments {
  instances: number;
  port: number;
  e2eClient: boolean;
  verbose: boolean;
  keep: boolean;
}

/** The command line, or an exit: 0 after --help, 2 on a bad flag. */
function parseArguments(): Arguments {
  let values;
  try {
    values = parseArgs({
      options: {
        instances: { type: 'string', default: '3' },
        port: { type: 'string', default: process.env.PORT ?? '8080' },
        'e2e-client': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const instances = Number(values.instances);
  const port = Number(values.port);
  if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
    console.error('--instances must be a whole number from 1 to 32');
    process.exit(2);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error('--port must be a TCP port');
    process.exit(2);
  }
  return { instances, port, e2eClient: values['e2e-client'], verbose: values.verbose, keep: values.keep };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/g, '//$1:***@');
}

/** Ctrl-C (or SIGTERM) stops the instances in order; a second one exits at once. */
function stopOnSignals(cluster: Cluster, keep: boolean): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.log(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the instances and HAProxy${keep ? '' : ", dropping the run's database and Redis keys"} …`);
    await cluster.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Registers a confidential client and prints how to point the end-to-end suites at the balancer. */
async function printE2eEnvironment(cluster: Cluster): Promise<void> {
  const registered = JSON.parse(
    await cluster.cli(['clients', 'add', '--id', `e2e-${cluster.runId}`, '--name', 'E2E service', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'orders:read orders:write', '--audience', 'https://orders.example.test', '--audience', cluster.url, '--introspect']),
  ) as { client_id: string; client_secret: string };
  console.log(`
End-to-end suites through the balancer (another terminal):
  TESSERA_E2E_BASE_URL=${cluster.url} TESSERA_E2E_CLIENT_ID=${registered.client_id} \\
  TESSERA_E2E_CLIENT_SECRET=${registered.client_secret} TESSERA_E2E_CLIENT_AUDIENCE=https://orders.example.test \\
  TESSERA_E2E_CLIENT_SCOPE='orders:read orders:write' TESSERA_E2E_REFRESH_GRACE_SECONDS=${process.env.TESSERA_REFRESH_GRACE_SECONDS ?? '10'} \\
  TESSERA_E2E_PROXY_HEADER_LIMIT=${balancerHeaderLimitBytes} \\
  npx vitest run packages/server/test/e2e/external.test.ts`);
}

const args = parseArguments();
const env: Record<string, string> = args.verbose ? { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' } : {};
const onOutput = (source: string, line: string) => {
  if (args.verbose || /"level":(50|60)/.test(line) || !line.startsWith('{')) process.stdout.write(`[${source}] ${line}\n`);
};

console.log(`starting ${args.instances} instance(s) behind HAProxy on 127.0.0.1:${args.port} …`);
let cluster: Cluster;
try {
  cluster = await startCluster({ instances: args.instances, port: args.port, env, keep: args.keep, onOutput });
} catch (error) {
  console.error(`cluster: ${(error as Error).message}`);
  process.exit(1);
}
stopOnSignals(cluster, args.keep);

console.log(`
Tessera cluster ${cluster.runId} is up: ${cluster.url}  (the issuer of every token)
  instances: ${cluster.instances.map((i) => `${i.name} ${i.url} (pid ${i.pid})`).join(', ')}
  database:  ${redact(cluster.databaseUrl)}
  redis:     ${redact(cluster.redisUrl)} (keys under "${cluster.redisPrefix}")
  logs:      ${cluster.runDir}
Every response names the instance that answered in the X-Tessera-Instance header:
  for i in 1 2 3 4; do curl -si ${cluster.url}/readyz | grep -i x-tessera-instance; done`);
if (args.e2eClient) await printE2eEnvironment(cluster);
console.log('\nCtrl-C stops everything.');
