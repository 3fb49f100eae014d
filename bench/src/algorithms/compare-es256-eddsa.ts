/**
 * ES256 (the default) against EdDSA, in one run: core's signing cost, verification cost in
 * `@tessera/verify` and `jose.jwtVerify`, and the token-mode request path of a real server.
 * Rounds interleave the two algorithms so the machine's drift touches both alike; medians.
 *
 * Run: `npm run build && npx tsx --conditions=source bench/src/algorithms/compare-es256-eddsa.ts [rounds]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SigningAlgorithm } from '@tessera/core';
import { SERVER_VERIFIED_TOKEN_CACHE_ENTRIES } from '@tessera/server';
import { LoadClient } from '../load/load-client.js';
import { stopAllSupervised } from '@tessera/testing';
import { formatRate } from '../report/format.js';
import { median } from '../stats/statistics.js';
import { algorithmCosts, rateOf } from './sign-verify-rates.js';
import { measureRequestPath, startTokenServer, type RequestPathSample } from './token-request-path.js';

const algs: SigningAlgorithm[] = ['ES256', 'EdDSA'];
const rounds = Number(process.argv[2] ?? 5);
const microMs = 1000;
const httpSeconds = 3;
/** Past the server's verified-token cache: rotated in order, none is ever still cached (LRU). */
const tokenPool = SERVER_VERIFIED_TOKEN_CACHE_ENTRIES + 2_000;

async function microRates(): Promise<Map<string, number[]>> {
  const costs = new Map(await Promise.all(algs.map(async (alg) => [alg, await algorithmCosts(alg)] as const)));
  const rates = new Map<string, number[]>();
  const add = (key: string, value: number) => rates.set(key, [...(rates.get(key) ?? []), value]);
  for (let round = 0; round < rounds; round++) {
    for (const alg of algs) {
      const cost = costs.get(alg)!;
      add(`sign ${alg}`, await rateOf(cost.sign, microMs));
      add(`verify ${alg}`, await rateOf(cost.verifyTessera, microMs));
      add(`jose ${alg}`, await rateOf(cost.verifyJose, microMs));
    }
  }
  return rates;
}

async function requestPath(workDir: string): Promise<Map<string, RequestPathSample[]>> {
  const load = new LoadClient();
  const samples = new Map<string, RequestPathSample[]>();
  try {
    const servers = await Promise.all(algs.map((alg) => startTokenServer(alg, workDir, tokenPool)));
    for (let round = 0; round < rounds; round++) {
      for (const server of servers) samples.set(server.alg, [...(samples.get(server.alg) ?? []), await measureRequestPath(load, server, httpSeconds)]);
    }
  } finally {
    load.close();
    await stopAllSupervised();
  }
  return samples;
}

const workDir = mkdtempSync(join(tmpdir(), 'tessera-es256-eddsa-'));
try {
  const rates = await microRates();
  const http = await requestPath(workDir);
  const lines = [
    `${cpus().length} cores, Node ${process.version}, ${rounds} interleaved rounds (medians)`,
    '',
    `| alg | sign (core AccessTokenIssuer) | verify (@tessera/verify, no cache) | verify (jose.jwtVerify) | GET /api/me, ${tokenPool.toLocaleString('en')} distinct tokens | p50 / p99 | server CPU per request |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const alg of algs) {
    const samples = http.get(alg) ?? [];
    const rate = (key: string) => `${formatRate(median(rates.get(`${key} ${alg}`) ?? []))}/s`;
    const httpMedian = (pick: (s: RequestPathSample) => number) => median(samples.map(pick));
    lines.push(
      `| ${alg} | ${rate('sign')} | ${rate('verify')} | ${rate('jose')} | ${formatRate(httpMedian((s) => s.rps))}/s | ${httpMedian((s) => s.p50Ms).toFixed(1)} / ${httpMedian((s) => s.p99Ms).toFixed(1)} ms | ${Math.round(httpMedian((s) => s.cpuPerRequestUs))} µs |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
