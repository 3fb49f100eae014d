/**
 * Single-thread verification throughput of @tessera/verify against raw node:crypto, plain
 * jose.jwtVerify and fast-jwt, for each algorithm, in one run. Not a test: no thresholds.
 *
 *   npx tsx packages/verify/bench/verify-throughput.ts [--quick] [--rounds N] [--ms N] [--wall] [--json file]
 *
 * Each candidate verifies the same token one at a time (one in flight, awaited when async) for a
 * fixed slice; candidates take turns slice by slice (in a rotating order) so drift and noise from
 * other processes hit all of them alike. Rates are per second of this process's CPU time
 * (`process.cpuUsage`, so a busy machine does not distort them; `--wall` uses wall-clock time).
 * Reported: the median rate of the rounds, and the median of the per-round ratios to raw.
 * "raw" is crypto.verify over pre-decoded bytes with a pre-imported KeyObject (HS256: HMAC +
 * timingSafeEqual): the ceiling for any JWT verifier.
 */
import { constants, createHmac, createSecretKey, generateKeyPairSync, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { SignJWT, jwtVerify, importJWK, type JWK } from 'jose';
import type * as FastJwt from 'fast-jwt';
import { createVerifier } from '../src/index.js';

type Alg = 'EdDSA' | 'ES256' | 'RS256' | 'PS256' | 'HS256';
const ALGS: readonly Alg[] = ['EdDSA', 'ES256', 'RS256', 'PS256', 'HS256'];
const CANDIDATES = ['raw node:crypto', '@tessera/verify', '@tessera/verify (cache)', 'jose.jwtVerify', 'fast-jwt'] as const;
type Candidate = (typeof CANDIDATES)[number];

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index < 0 ? undefined : args[index + 1];
};
const quick = args.includes('--quick');
const rounds = Number(flag('--rounds') ?? (quick ? 5 : 21));
const roundMs = Number(flag('--ms') ?? (quick ? 100 : 250));
const wall = args.includes('--wall');
const jsonOut = flag('--json');

// fast-jwt lives in the bench workspace (the lab's peer); resolve it from there.
const benchRequire = createRequire(new URL('../../../bench/package.json', import.meta.url));
const fastJwt = benchRequire('fast-jwt') as typeof FastJwt;
const versions = {
  node: process.version,
  jose: (benchRequire('jose/package.json') as { version: string }).version,
  'fast-jwt': (benchRequire('fast-jwt/package.json') as { version: string }).version,
};

const ISSUER = 'https://auth.bench.test';
const AUDIENCE = 'orders';

interface Setup {
  readonly token: string;
  readonly run: Record<Candidate, () => unknown>;
}

function keyPair(alg: Alg): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

async function setup(alg: Alg): Promise<Setup> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { client_id: 'first-party', scope: 'openid orders:read orders:write', sid: 'sid_5mXq1bV8u0cZlQeYbK3n9A' };
  const sign = (key: KeyObject | Uint8Array, kid: string): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, typ: 'at+jwt', kid })
      .setIssuer(ISSUER)
      .setSubject('usr_01JD5W2ZB8Q7Y3K6T9')
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setJti('jti_kY2m3nQ4rS5tU6vW7xY8zA')
      .sign(key);

  if (alg === 'HS256') {
    const secret = createSecretKey(Buffer.from('bench-secret-bench-secret-bench-secret!!'));
    const token = await sign(secret, 'hs');
    const [h, p, s] = token.split('.') as [string, string, string];
    const data = Buffer.from(`${h}.${p}`);
    const mac = Buffer.from(s, 'base64url');
    const plain = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret });
    const cached = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret, cache: { maxEntries: 1000 } });
    const fast = fastJwt.createVerifier({ key: secret.export().toString('latin1'), algorithms: ['HS256'], allowedIss: ISSUER, allowedAud: AUDIENCE, checkTyp: 'at+jwt', cache: false });
    return {
      token,
      run: {
        'raw node:crypto': () => timingSafeEqual(createHmac('sha256', secret).update(data).digest(), mac),
        '@tessera/verify': () => plain.verify(token),
        '@tessera/verify (cache)': () => cached.verify(token),
        'jose.jwtVerify': () => jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], typ: 'at+jwt' }),
        'fast-jwt': () => fast(token) as unknown,
      },
    };
  }

  const { privateKey, publicKey } = keyPair(alg);
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg, use: 'sig' };
  const token = await sign(privateKey, 'k1');
  const [h, p, s] = token.split('.') as [string, string, string];
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  const rawKey =
    alg === 'ES256'
      ? { key: publicKey, dsaEncoding: 'ieee-p1363' as const }
      : alg === 'PS256'
        ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : publicKey;
  const digest = alg === 'EdDSA' ? null : 'sha256';
  const plain = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [jwk] } });
  const cached = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [jwk] }, cache: { maxEntries: 1000 } });
  await Promise.all([plain.ready(), cached.ready()]);
  const joseKey = await importJWK(jwk, alg);
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fast = fastJwt.createVerifier({ key: pem, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE, checkTyp: 'at+jwt', cache: false });
  return {
    token,
    run: {
      'raw node:crypto': () => cryptoVerify(digest, data, rawKey, sig),
      '@tessera/verify': () => plain.verify(token),
      '@tessera/verify (cache)': () => cached.verify(token),
      'jose.jwtVerify': () => jwtVerify(token, joseKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg], typ: 'at+jwt' }),
      'fast-jwt': () => fast(token) as unknown,
    },
  };
}

/** Microseconds elapsed: this process's CPU time (user + system), or wall-clock with --wall. */
function clockMicros(): number {
  if (wall) return Number(process.hrtime.bigint() / 1000n);
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Operations per second of `fn` (awaited when it returns a promise) over about `ms`. */
async function measure(fn: () => unknown, ms: number): Promise<number> {
  let operations = 0;
  let batch = 16;
  const start = clockMicros();
  let elapsed = 0;
  while (elapsed < ms * 1000) {
    const batchStart = clockMicros();
    for (let i = 0; i < batch; i++) {
      const result = fn();
      if (result instanceof Promise) await result;
      else if (result === false) throw new Error('verification failed');
    }
    operations += batch;
    const now = clockMicros();
    // Grow batches to about 2 ms so reading the clock costs nothing measurable.
    if (now - batchStart < 2000 && batch < 1 << 16) batch *= 2;
    elapsed = now - start;
  }
  return operations / (elapsed / 1e6);
}

/** Median over rounds of (candidate rate / raw rate in the same round). */
function ratio(samples: Record<Candidate, number[]>, candidate: Candidate): number {
  return median(samples[candidate].map((value, round) => value / samples['raw node:crypto'][round]!));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(`verify throughput: ${rounds} rounds × ${roundMs} ms per candidate, one token in flight, single thread, rates per ${wall ? 'wall-clock' : 'CPU'} second`);
  console.log(`node ${versions.node}, jose ${versions.jose}, fast-jwt ${versions['fast-jwt']}, ${cpus().length} × ${cpu}\n`);
  const results: Record<string, Record<Candidate, number[]>> = {};
  for (const alg of ALGS) {
    const { run } = await setup(alg);
    // Sanity and warm-up: every candidate must accept the token.
    for (const candidate of CANDIDATES) {
      const result = run[candidate]();
      if (result instanceof Promise) await result;
      else if (result === false) throw new Error(`${candidate} refused the ${alg} token`);
      await measure(run[candidate], Math.min(200, roundMs));
    }
    const samples = Object.fromEntries(CANDIDATES.map((candidate) => [candidate, [] as number[]])) as Record<Candidate, number[]>;
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round so no candidate always runs right after another.
      for (let i = 0; i < CANDIDATES.length; i++) {
        const candidate = CANDIDATES[(i + round) % CANDIDATES.length]!;
        samples[candidate].push(await measure(run[candidate], roundMs));
      }
    }
    results[alg] = samples;
    const cells = CANDIDATES.map((candidate) => `${candidate}: ${Math.round(median(samples[candidate])).toLocaleString('en-US')}/s (${ratio(samples, candidate).toFixed(2)}×)`);
    console.log(`${alg.padEnd(6)} ${cells.join(' | ')}`);
  }

  console.log('\n| alg | raw node:crypto | @tessera/verify | ratio | verify (cache) | ratio | jose.jwtVerify | ratio | fast-jwt | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const alg of ALGS) {
    const samples = results[alg]!;
    const raw = median(samples['raw node:crypto']);
    const cell = (candidate: Candidate): string => `${Math.round(median(samples[candidate])).toLocaleString('en-US')}/s | ${ratio(samples, candidate).toFixed(2)}×`;
    console.log(`| ${alg} | ${Math.round(raw).toLocaleString('en-US')}/s | ${cell('@tessera/verify')} | ${cell('@tessera/verify (cache)')} | ${cell('jose.jwtVerify')} | ${cell('fast-jwt')} |`);
  }
  if (jsonOut !== undefined) {
    writeFileSync(jsonOut, `${JSON.stringify({ at: new Date().toISOString(), versions, cpu, cores: cpus().length, rounds, roundMs, clock: wall ? 'wall' : 'cpu', samples: results }, null, 2)}\n`);
    console.log(`\nsamples written to ${jsonOut}`);
  }
}

await main();
