/**
 * The golden token vectors: access tokens and revocation SETs that core signs with fixed keys,
 * times and ids, for every algorithm it can sign with. `@tessera/verify`'s tests verify them at
 * the fixed time and compare the claims with what core meant (`expected`); core's tests check that
 * signing again gives the same vectors. Together they stop the two vocabularies from drifting.
 *
 * Write the fixture: `npm run golden-tokens -w packages/core`
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  AccessTokenIssuer,
  KeyManager,
  MemoryKeyStore,
  signSecurityEventToken,
  type RevocationEvent,
  type RevocationSubject,
  type SigningAlgorithm,
  type SigningKeyRecord,
} from '../../src/index.js';

export const GOLDEN_ISSUER = 'https://auth.golden.test';
export const GOLDEN_AUDIENCE = 'https://orders.golden.test';
/** The client a revocation stream's SETs are addressed to (`aud`). */
export const GOLDEN_STREAM_CLIENT = 'orders-service';
/** 2030-01-01T00:00:00.250Z: tokens are issued now and verified a minute later. */
export const GOLDEN_ISSUED_AT_MS = Date.UTC(2030, 0, 1, 0, 0, 0, 250);
export const GOLDEN_VERIFY_AT_MS = GOLDEN_ISSUED_AT_MS + 60_000;
const ACCESS_TOKEN_TTL_SECONDS = 600;

/** Where the fixture lives: verify's tests read it. */
export const GOLDEN_FIXTURE_URL = new URL('../../../verify/test/fixtures/golden-tokens.json', import.meta.url);

export interface GoldenAccessToken {
  alg: SigningAlgorithm;
  token: string;
  /** The claims core meant to sign (what a verifier must hand back). */
  expected: Record<string, unknown>;
}

export interface GoldenSecurityEventToken {
  alg: SigningAlgorithm;
  /** The revocation log id: the SET's `jti` and the stream's SSE `id:`. */
  eventId: string;
  token: string;
  /** What a verifier must read from it. */
  expected: { kind: RevocationSubject['kind']; sid?: string; jti?: string; sub: string; revokedAtSeconds: number; untilMs: number; issuedAtMs: number };
}

export interface GoldenTokens {
  comment: string;
  issuer: string;
  audience: string;
  streamClient: string;
  verifyAtMs: number;
  /** The public keys (the access-token JWKS a verifier would fetch). */
  jwks: { keys: Record<string, unknown>[] };
  accessTokens: GoldenAccessToken[];
  securityEventTokens: GoldenSecurityEventToken[];
}

/** The fixed TEST-ONLY keys, one per algorithm (made once with `generateSigningKey`). */
export function goldenSigningKeys(): SigningKeyRecord[] {
  const file = JSON.parse(readFileSync(new URL('./golden-signing-keys.json', import.meta.url), 'utf8')) as { keys: SigningKeyRecord[] };
  return file.keys;
}

/** A Random that yields the same bytes on every run (jti values), so vectors are reproducible. */
function countingRandom(label: string): { bytes(length: number): Uint8Array } {
  let counter = 0;
  return { bytes: (length) => createHash('sha256').update(`${label}:${++counter}`).digest().subarray(0, length) };
}

const fixedClock = { now: () => GOLDEN_ISSUED_AT_MS };

function revocationEvents(alg: SigningAlgorithm): RevocationEvent[] {
  const at = GOLDEN_ISSUED_AT_MS + 1_234;
  const expiresAt = GOLDEN_ISSUED_AT_MS + ACCESS_TOKEN_TTL_SECONDS * 1000 + 500;
  const subjects: RevocationSubject[] = [
    { kind: 'session', sid: `sid-${alg}`, userId: 'user-1' },
    { kind: 'refresh_family', sid: `family-${alg}`, userId: 'user-1' },
    { kind: 'token', jti: `jti-${alg}`, userId: 'user-1' },
    { kind: 'user', userId: 'user-2' },
  ];
  return subjects.map((subject, i) => ({ id: `${1000 + i}-0`, at, subject, expiresAt }));
}

function expectedEntry(event: RevocationEvent): GoldenSecurityEventToken['expected'] {
  const { subject } = event;
  return {
    kind: subject.kind,
    ...(subject.kind === 'session' || subject.kind === 'refresh_family' ? { sid: subject.sid } : {}),
    ...(subject.kind === 'token' ? { jti: subject.jti } : {}),
    sub: subject.userId,
    revokedAtSeconds: event.at / 1000,
    // Core rounds `until` up to whole seconds (a revocation is never forgotten early).
    untilMs: Math.ceil(event.expiresAt / 1000) * 1000,
    issuedAtMs: event.at,
  };
}

async function vectorsFor(record: SigningKeyRecord): Promise<{ access: GoldenAccessToken[]; events: GoldenSecurityEventToken[] }> {
  const store = new MemoryKeyStore();
  await store.insertSigningKey(record);
  const settings = { signingAlgorithm: record.alg, jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS };
  const keys = new KeyManager(store, settings, fixedClock, countingRandom(`keys-${record.alg}`));
  await keys.init();
  const issuer = new AccessTokenIssuer(keys, { issuer: GOLDEN_ISSUER, accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS }, fixedClock, countingRandom(record.alg));
  const iat = Math.floor(GOLDEN_ISSUED_AT_MS / 1000);
  const inputs = [
    { subject: 'user-1', clientId: 'shop-web', scope: 'orders:read profile', audience: GOLDEN_AUDIENCE, sid: `sid-${record.alg}` },
    // A client_credentials-style token: no sid, the audience as an array.
    { subject: 'shop-worker', clientId: 'shop-worker', scope: 'orders:write', audience: [GOLDEN_AUDIENCE, 'https://billing.golden.test'] },
  ];
  const access: GoldenAccessToken[] = [];
  for (const input of inputs) {
    const issued = await issuer.issue(input);
    const expected = {
      iss: GOLDEN_ISSUER,
      sub: input.subject,
      aud: input.audience,
      exp: iat + ACCESS_TOKEN_TTL_SECONDS,
      iat,
      jti: issued.jti,
      client_id: input.clientId,
      scope: input.scope,
      ...(input.sid === undefined ? {} : { sid: input.sid }),
    };
    access.push({ alg: record.alg, token: issued.token, expected });
  }
  const events: GoldenSecurityEventToken[] = [];
  for (const event of revocationEvents(record.alg)) {
    const { token } = await signSecurityEventToken(event, keys, { issuer: GOLDEN_ISSUER, audience: GOLDEN_STREAM_CLIENT });
    events.push({ alg: record.alg, eventId: event.id, token, expected: expectedEntry(event) });
  }
  return { access, events };
}

/** Signs every vector with core's own issuer and SET signer. */
export async function generateGoldenTokens(): Promise<GoldenTokens> {
  const records = goldenSigningKeys();
  const accessTokens: GoldenAccessToken[] = [];
  const securityEventTokens: GoldenSecurityEventToken[] = [];
  for (const record of records) {
    const { access, events } = await vectorsFor(record);
    accessTokens.push(...access);
    securityEventTokens.push(...events);
  }
  return {
    comment: 'Generated by packages/core/test/golden/write-golden-tokens.ts from fixed test-only keys; do not edit by hand.',
    issuer: GOLDEN_ISSUER,
    audience: GOLDEN_AUDIENCE,
    streamClient: GOLDEN_STREAM_CLIENT,
    verifyAtMs: GOLDEN_VERIFY_AT_MS,
    jwks: { keys: records.map((record) => record.publicJwk) },
    accessTokens,
    securityEventTokens,
  };
}
