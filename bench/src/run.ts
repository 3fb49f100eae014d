/**
 * The lab's runner: `npm run bench [-- --quick]`, also behind `tessera bench`. Starts real
 * processes (Tessera servers, small services, peers), drives them from a load-generator process,
 * and writes bench/results/latest.{json,md,html}. Every mode that cannot run says why.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from './analysis.js';
import { errorMessage, selected, type LabContext } from './lab-context.js';
import { parseLabOptions, usage, type LabOptions } from './lab-options.js';
import { LoadClient } from './load/load-client.js';
import { machineInfo, packageVersions } from './machine-info.js';
import { runThroughputModes, runLoginUnderLoad } from './modes/auth-throughput-modes.js';
import { runBarePeerModes } from './modes/bare-peer-modes.js';
import { runMemoryModes } from './modes/memory-mode.js';
import { runMicroModes } from './modes/micro-mode.js';
import { runRevocationModes } from './modes/revocation-mode.js';
import { runScalingModes } from './modes/scaling-mode.js';
import { introspectionClientFor, runHs256Modes, runPeerModes, runVerifyServiceModes } from './modes/service-modes.js';
import { planModeIds, runTesseraHttpPlan, tesseraHttpPlans } from './modes/tessera-http-modes.js';
import { checkPostgres, checkRedis, createLabDatabase, dropLabDatabase, flushRedisDb, redisDbUrl } from './process/infrastructure.js';
import { killAllSupervisedSync, stopAllSupervised } from '@tessera/testing';
import { repoRoot } from './process/paths.js';
import { resolveTesseraLaunch } from './process/tessera-launch.js';
import { Progress, formatDuration, type PlannedStep } from './progress.js';
import { summarizeProfileFile } from './report/cpu-profile-summary.js';
import { groupSkips, skipLine } from './report/group-skips.js';
import { renderHtml } from './report/html-report.js';
import type { LabResult } from './report/lab-result.js';
import { renderMarkdown } from './report/markdown-report.js';
import { labRedisDb, ServerPool } from './server-pool.js';
import { formatMs, formatRate } from './report/format.js';

interface Step extends PlannedStep {
  run: () => Promise<void>;
}

function httpEstimate(options: LabOptions, measurements: number): number {
  const { rounds, durationSeconds, warmupSeconds } = options.settings;
  return measurements * (rounds * (durationSeconds + 0.25) + warmupSeconds) + 1.5;
}

function buildSteps(ctx: LabContext, options: LabOptions, pool: ServerPool, postgresUrl: string | null): Step[] {
  const { settings } = options;
  const microSeconds = (settings.microDurationMs / 1000) * 1.3 * settings.microRounds;
  const steps: Step[] = [
    {
      id: 'start tessera servers',
      estimateSeconds: 4,
      // All configurations start together (their start-up overlaps); idle, they cost nothing measurable.
      run: async () => {
        const ids = tesseraHttpPlans.filter((plan) => planModeIds(plan).some((id) => selected(ctx, id))).map((plan) => plan.server);
        if (selected(ctx, 'revoke') || selected(ctx, 'login') || selected(ctx, 'refresh') || selected(ctx, 'svc') || selected(ctx, 'peer') || selected(ctx, 'bare') || selected(ctx, 'introspect')) ids.push('sqlite');
        const started = Promise.allSettled([...new Set(ids)].map((id) => pool.get(id)));
        // The introspection client (a CLI run against the default server's stores) meanwhile.
        const client = selected(ctx, 'introspect') || selected(ctx, 'revoke') ? introspectionClientFor(ctx, pool).catch(() => undefined) : undefined;
        await Promise.all([started, client]);
      },
    },
    { id: 'verify & store micro-benchmarks', estimateSeconds: 25 * microSeconds + 4 * microSeconds + 3, run: () => runMicroModes(ctx, postgresUrl) },
    ...tesseraHttpPlans.map((plan) => ({
      id: `http: tessera ${plan.server}`,
      estimateSeconds: httpEstimate(options, 1 + (plan.session ? 1 : 0) + (plan.jwt ? (plan.jwt.alg === 'EdDSA' ? 2 : 1) : 0)) + 2,
      run: () => runTesseraHttpPlan(ctx, pool, plan),
    })),
    { id: 'http: @tessera/verify microservice', estimateSeconds: httpEstimate(options, 5) + 2, run: () => runVerifyServiceModes(ctx, pool) },
    { id: 'http: HS256 single service', estimateSeconds: httpEstimate(options, 3) + 1, run: () => runHs256Modes(ctx) },
    { id: 'http: peers', estimateSeconds: httpEstimate(options, 4) + 2, run: () => runPeerModes(ctx, pool) },
    { id: 'http: bare-minimum peers', estimateSeconds: httpEstimate(options, 6) + 2, run: () => runBarePeerModes(ctx, pool, postgresUrl) },
    { id: 'scaling with instances', estimateSeconds: (settings.quick ? 2 : 3) * 4 + httpEstimate(options, 3) * (settings.quick ? 2 : 3), run: () => runScalingModes(ctx) },
    { id: 'revocation delay', estimateSeconds: settings.revocationSamples * 3 * 0.15 + 2, run: () => runRevocationModes(ctx, pool) },
    { id: 'login & refresh throughput', estimateSeconds: 3 * settings.rounds * (settings.durationSeconds + 0.5), run: () => runThroughputModes(ctx, pool) },
    { id: '/api/me p99 under logins', estimateSeconds: settings.rounds * 2 * (Math.max(settings.quick ? 0.8 : 5, settings.durationSeconds) + 0.4), run: () => runLoginUnderLoad(ctx, pool) },
    { id: 'memory per 100k sessions', estimateSeconds: settings.memorySessionsInProcess / 20_000 + (3 * settings.memorySessionsHttp) / 80, run: () => runMemoryModes(ctx, pool, postgresUrl) },
  ];
  return steps;
}

function emptyResult(options: LabOptions, serverLaunch: string): LabResult {
  return {
    schema: 'tessera-lab/1',
    startedAt: new Date().toISOString(),
    finishedAt: '',
    durationSeconds: 0,
    settings: options.settings,
    machine: machineInfo(),
    versions: packageVersions(),
    serverLaunch,
    micro: [],
    storeLookups: [],
    http: [],
    scaling: [],
    revocation: [],
    throughput: [],
    loginLoad: null,
    memory: [],
    skipped: [],
    notes: [],
    profiles: [],
    steps: [],
  };
}

function collectProfiles(ctx: LabContext): void {
  const dir = join(ctx.resultsDir, 'profiles');
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    try {
      const summary = summarizeProfileFile(file.replace(/\.cpuprofile$/, ''), join(dir, file));
      summary.file = relative(repoRoot, join(dir, file));
      ctx.result.profiles.push(summary);
      const lines = [`# CPU profile: tessera ${summary.mode}`, '', '| self % | function | where |', '| --- | --- | --- |', ...summary.topSelf.map((f) => `| ${f.selfPercent.toFixed(1)} | ${f.functionName} | ${f.url} |`), ''];
      writeFileSync(join(dir, `${summary.mode}.summary.md`), lines.join('\n'));
    } catch (error) {
      ctx.result.notes.push(`profile ${file} unreadable: ${errorMessage(error)}`);
    }
  }
}

function printSummary(result: LabResult, files: string[]): void {
  const lines: string[] = [''];
  for (const mode of result.http.filter((m) => m.group !== 'no-auth')) {
    const missed = mode.targets.filter((t) => !t.met);
    lines.push(`${mode.id.padEnd(28)} ${formatRate(mode.median.rps).padStart(7)}/s  p99 ${formatMs(mode.median.p99Ms).padStart(8)}  ${missed.length ? `missed: ${missed.map((t) => `${t.rule} by ${Math.round(t.shortfall * 100)} %`).join('; ')}` : mode.targets.length ? 'targets met' : ''}`);
  }
  for (const r of result.revocation) lines.push(`${r.id.padEnd(28)} ${r.bound ? `≤ ${formatMs(r.maxMs)} (TTL)` : `p50 ${formatMs(r.p50Ms)} p99 ${formatMs(r.p99Ms)}`}`);
  for (const group of groupSkips(result)) lines.push(skipLine(group));
  lines.push('', `wrote ${files.join(', ')} in ${formatDuration(result.durationSeconds)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function runLab(argv: readonly string[]): Promise<number> {
  let options: LabOptions;
  try {
    options = parseLabOptions(argv);
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  const started = Date.now();
  const resultsDir = options.outDir ?? join(repoRoot, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  if (options.cpuProfile) rmSync(join(resultsDir, 'profiles'), { recursive: true, force: true });
  const workDir = mkdtempSync(join(tmpdir(), 'tessera-lab-'));
  const launch = resolveTesseraLaunch(options.server);
  const progress = new Progress(options.progress);
  const load = new LoadClient();
  const redisBase = process.env.LAB_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const postgresAdmin = process.env.LAB_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const [redisProblem, postgresProblem] = await Promise.all([checkRedis(redisBase), checkPostgres(postgresAdmin)]);
  const ctx: LabContext = {
    settings: options.settings,
    workDir,
    resultsDir,
    load,
    progress,
    result: emptyResult(options, launch.ok ? launch.describe : `not available: ${launch.reason}`),
    launch,
    redisUrl: redisProblem ? null : redisBase,
    redisProblem: redisProblem ?? '',
    postgresAdminUrl: postgresProblem ? null : postgresAdmin,
    postgresProblem: postgresProblem ?? '',
    cpuProfile: options.cpuProfile,
    cleanups: [],
  };
  const databaseName = `tessera_lab_${process.pid}`;
  let postgresUrl: string | null = null;
  if (ctx.postgresAdminUrl) {
    try {
      postgresUrl = await createLabDatabase(ctx.postgresAdminUrl, databaseName);
    } catch (error) {
      ctx.postgresProblem = `cannot create database ${databaseName}: ${errorMessage(error)}`;
    }
  }
  if (ctx.redisUrl) await flushRedisDb(redisDbUrl(ctx.redisUrl, labRedisDb)).catch(() => undefined);
  const pool = new ServerPool(ctx, { postgresUrl });
  const onSignal = () => {
    progress.close();
    process.stderr.write('\ninterrupted: stopping the lab processes\n');
    void stopAllSupervised().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAllSupervisedSync);

  if (!launch.ok) ctx.result.notes.push(`Tessera server: ${launch.reason}`);
  ctx.result.notes.push(
    `Server processes: ${launch.ok ? launch.describe : 'none'}; LOG_LEVEL=warn, NODE_ENV=production. Load generator: autocannon ${ctx.result.versions.autocannon} in its own process. ${ctx.result.machine.cpus} cores shared by the server, the load generator, Redis and PostgreSQL: per-core figures divide by the CPU the measured process actually used.`,
  );
  const steps = buildSteps(ctx, options, pool, postgresUrl);
  progress.plan(steps);
  try {
    for (const step of steps) {
      progress.start(step.id);
      const stepStarted = Date.now();
      try {
        await step.run();
      } catch (error) {
        ctx.result.skipped.push({ mode: step.id, reason: `the step failed: ${errorMessage(error)}` });
        progress.log(`step ${step.id} failed: ${errorMessage(error)}`);
      }
      progress.finish();
      ctx.result.steps.push({ id: step.id, seconds: (Date.now() - stepStarted) / 1000 });
    }
  } finally {
    progress.close();
    await pool.stopAll();
    for (const cleanup of ctx.cleanups.reverse()) await cleanup().catch(() => undefined);
    await stopAllSupervised();
    load.close();
    if (postgresUrl && ctx.postgresAdminUrl) await dropLabDatabase(ctx.postgresAdminUrl, databaseName);
    if (ctx.redisUrl) await flushRedisDb(redisDbUrl(ctx.redisUrl, labRedisDb)).catch(() => undefined);
    if (options.keep) process.stderr.write(`scratch directory kept: ${workDir}\n`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  collectProfiles(ctx);
  const result = ctx.result;
  result.finishedAt = new Date().toISOString();
  result.durationSeconds = (Date.now() - started) / 1000;
  result.machine.loadAverageAtEnd = loadavg();
  // Only the start tells about other work: by the end, the load average includes the lab's own.
  const busy = result.machine.loadAverageAtStart[0] ?? 0;
  if (busy > result.machine.cpus / 2) {
    result.notes.unshift(
      `The machine was busy with other work when the run started (1-minute load average ${busy.toFixed(1)} on ${result.machine.cpus} cores): absolute figures are less reliable; ratios from the same round are less affected.`,
    );
  }
  analyze(result);
  const files = [join(resultsDir, 'latest.json'), join(resultsDir, 'latest.md'), join(resultsDir, 'latest.html')];
  writeFileSync(files[0]!, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(files[1]!, renderMarkdown(result));
  writeFileSync(files[2]!, renderHtml(result));
  printSummary(result, files.map((file) => relative(process.cwd(), file)));
  return 0;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  runLab(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`lab failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      void stopAllSupervised().finally(() => process.exit(1));
    },
  );
}
