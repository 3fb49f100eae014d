/**
 * Before/after of Tessera's request path in one run: two builds of the server (this checkout and
 * `--baseline <checkout>`, each with `npm run build` done), each `tessera serve` on the embedded
 * default (SQLite in a fresh data dir), measured in alternating rounds on the same machine, so
 * the noise of a shared machine falls on both alike. Per mode: median req/s and median server CPU
 * per request (µs, from /proc of the server process, so the load generator does not count).
 *
 *   node bench/dist/request-path/compare-builds.js --baseline /path/to/old/checkout [--seconds 5] [--rounds 3] [--logs pipe|null] [--cpu-prof dir]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { cpuTimeMs } from '../process/cpu-time.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@tessera/testing';
import { repoRoot } from '../process/paths.js';
import { TesseraClient, newCredentials } from '../tessera-client.js';
import { median } from '../stats/statistics.js';

interface Build {
  name: string;
  root: string;
  process?: ChildProcess;
  url?: string;
  headers?: Record<string, Record<string, string>>;
  dataDir?: string;
}

interface Sample {
  rps: number;
  cpuUsPerRequest: number;
}

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'cpu-prof': { type: 'string' },
    /** `pipe` (default): stdout read and dropped, like a log collector; `null`: /dev/null, so logging costs only its own CPU. */
    logs: { type: 'string', default: 'pipe' },
  },
});
if (values.baseline === undefined) throw new Error('--baseline <checkout with a built packages/server> is required');
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const modes = ['GET /healthz', 'GET /api/me, one Bearer token (verified-token cache)', 'GET /api/me, session cookie'] as const;

async function start(build: Build): Promise<void> {
  const port = await freePort();
  build.dataDir = mkdtempSync(join(tmpdir(), `tessera-ab-${build.name}-`));
  const profile = values['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', join(values['cpu-prof'], build.name)];
  build.process = spawn(process.execPath, [...profile, join(build.root, 'packages/server/dist/bin.js'), 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), TESSERA_DATA_DIR: build.dataDir, TESSERA_SIGNUPS_PER_IP_PER_HOUR: '100000', TESSERA_SIGNUPS_PER_HOUR: '100000' },
    // Logs go to a pipe that is read and dropped, as a log collector would read them.
    stdio: ['ignore', values.logs === 'null' ? 'ignore' : 'pipe', 'inherit'],
  });
  build.process.stdout?.resume();
  build.url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    try {
      if ((await fetch(`${build.url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (waited > 30_000) throw new Error(`${build.name}: not ready after 30 s`);
    await sleep(100);
  }
  const client = new TesseraClient(build.url);
  const credentials = newCredentials(build.name);
  await client.signup(credentials);
  const session = await client.login(credentials);
  const tokens = await client.passwordGrant(credentials);
  build.headers = {
    [modes[0]]: {},
    [modes[1]]: { authorization: `Bearer ${tokens.accessToken}` },
    [modes[2]]: { cookie: session.cookie },
  };
}

async function measure(build: Build, mode: (typeof modes)[number], duration: number, warmup = false): Promise<Sample> {
  const pid = build.process!.pid!;
  const path = mode.startsWith('GET /healthz') ? '/healthz' : '/api/me';
  const cpuBefore = cpuTimeMs(pid);
  const result = await autocannon({ url: `${build.url}${path}`, connections, duration, headers: build.headers![mode]! });
  const cpuMs = cpuTimeMs(pid) - cpuBefore;
  const ok = result['2xx'];
  if (!warmup && (result.non2xx > 0 || ok === 0)) throw new Error(`${build.name} ${mode}: ${result.non2xx} non-2xx answers`);
  return { rps: ok / duration, cpuUsPerRequest: (cpuMs * 1000) / ok };
}

async function stop(build: Build): Promise<void> {
  const child = build.process;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (build.dataDir) rmSync(build.dataDir, { recursive: true, force: true });
}

const builds: Build[] = [
  { name: 'baseline', root: values.baseline },
  { name: 'candidate', root: repoRoot },
];
const samples = new Map<string, Sample[]>();
try {
  for (const build of builds) await start(build);
  for (const build of builds) for (const mode of modes) await measure(build, mode, 2, true); // warm-up (JIT, caches)
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      // Alternate the order each round so neither build always runs second.
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const key = `${build.name}\u0000${mode}`;
        samples.set(key, [...(samples.get(key) ?? []), await measure(build, mode, seconds)]);
      }
    }
  }
} finally {
  for (const build of builds) await stop(build);
}

const row = (name: string, mode: string) => {
  const list = samples.get(`${name}\u0000${mode}`) ?? [];
  return { rps: median(list.map((s) => s.rps)), cpu: median(list.map((s) => s.cpuUsPerRequest)) };
};
console.log(`| mode | baseline req/s | candidate req/s | ratio | baseline CPU µs/req | candidate CPU µs/req | ratio |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const mode of modes) {
  const before = row('baseline', mode);
  const after = row('candidate', mode);
  console.log(
    `| ${mode} | ${before.rps.toFixed(0)} | ${after.rps.toFixed(0)} | ${(after.rps / before.rps).toFixed(2)}× | ${before.cpu.toFixed(0)} | ${after.cpu.toFixed(0)} | ${(after.cpu / before.cpu).toFixed(2)}× |`,
  );
}
console.log(`\n${rounds} alternating rounds of ${seconds} s per mode and build, ${connections} connections, server stdout to ${values.logs === 'null' ? '/dev/null' : 'a pipe read and dropped'}; medians.`);
