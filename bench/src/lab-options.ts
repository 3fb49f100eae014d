/** Command-line options of `npm run bench` / `tessera bench`. */
import type { LabSettings } from './report/lab-result.js';

export interface LabOptions {
  settings: LabSettings;
  outDir: string | null;
  server: 'auto' | 'dist' | 'source';
  cpuProfile: Set<string> | 'all' | null;
  keep: boolean;
  progress: boolean;
  help: boolean;
}

export const usage = `Usage: npm run bench -- [options]   (or: npx tessera bench [options])

Measures every auth mode of Tessera side by side and writes bench/results/latest.{json,md,html}.

  --quick               smoke run, under a minute: one short round per figure
  --only=a,b            only modes whose id contains one of these (e.g. --only=session,jwt-EdDSA)
  --rounds=N            rounds per figure (median reported); default 3 (quick: 1)
  --duration=S          seconds per HTTP round; default 3 (quick: 0.4)
  --connections=N       autocannon connections; default 32
  --out=DIR             where to write the results; default bench/results
  --server=auto|dist|source   how to start tessera (default auto: the build in packages/server/dist
                        when there is one, else the sources through tsx)
  --cpu-prof[=ID,…]     run processes with --cpu-prof: all, or these ids: the Tessera servers sqlite,
                        memory, redis, postgres, es256, rs256, ps256; the services svc-verify,
                        svc-hs256, svc-revocation, peer-jose, peer-express. Profiles and a summary
                        of each go to OUT/profiles
  --keep                keep the scratch directory (server logs, data dirs)
  --no-progress         no progress line on stderr
  --help                this text
`;

export function defaultSettings(quick: boolean): LabSettings {
  return quick
    ? {
        quick: true,
        rounds: 1,
        durationSeconds: 0.4,
        warmupSeconds: 0.1,
        connections: 32,
        microDurationMs: 70,
        microRounds: 1,
        revocationSamples: 2,
        memorySessionsHttp: 20,
        memorySessionsInProcess: 10_000,
        tokenPoolSize: 16,
        only: [],
      }
    : {
        quick: false,
        rounds: 3,
        durationSeconds: 3,
        warmupSeconds: 1,
        connections: 32,
        microDurationMs: 1000,
        microRounds: 3,
        revocationSamples: 25,
        memorySessionsHttp: 1000,
        memorySessionsInProcess: 100_000,
        tokenPoolSize: 200,
        only: [],
      };
}

function positive(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number)) throw new Error(`--${name} needs a positive number (got ${value ?? 'nothing'})`);
  return number;
}

export function parseLabOptions(argv: readonly string[]): LabOptions {
  const flags = new Map<string, string | undefined>();
  for (const arg of argv) {
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg} (see --help)`);
    const at = arg.indexOf('=');
    flags.set(at < 0 ? arg.slice(2) : arg.slice(2, at), at < 0 ? undefined : arg.slice(at + 1));
  }
  const known = new Set(['quick', 'only', 'rounds', 'duration', 'connections', 'out', 'server', 'cpu-prof', 'keep', 'no-progress', 'help']);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name} (see --help)`);
  const settings = defaultSettings(flags.has('quick'));
  if (flags.has('rounds')) settings.rounds = Math.round(positive('rounds', flags.get('rounds')));
  if (flags.has('duration')) settings.durationSeconds = positive('duration', flags.get('duration'));
  if (flags.has('connections')) settings.connections = Math.round(positive('connections', flags.get('connections')));
  if (flags.has('only')) settings.only = (flags.get('only') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const server = flags.get('server') ?? 'auto';
  if (server !== 'auto' && server !== 'dist' && server !== 'source') throw new Error('--server must be auto, dist or source');
  let cpuProfile: LabOptions['cpuProfile'] = null;
  if (flags.has('cpu-prof')) {
    const ids = flags.get('cpu-prof');
    cpuProfile = ids ? new Set(ids.split(',').map((s) => s.trim()).filter(Boolean)) : 'all';
  }
  return {
    settings,
    outDir: flags.get('out') ?? null,
    server,
    cpuProfile,
    keep: flags.has('keep'),
    progress: !flags.has('no-progress'),
    help: flags.has('help'),
  };
}
