import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type StartedServer, type StartTestServerOptions } from '../../support/start-server.js';
import type { E2ETarget, GetTarget } from './e2e-target.js';

/** The environment every local end-to-end server gets: a 1 s grace window, so the reuse test waits 1.5 s. */
export const e2eEnv = { TESSERA_REFRESH_GRACE_SECONDS: '1' };

/**
 * Starts a real server for the test file (beforeAll) and stops it (afterAll). Returns the getter
 * the suites take, valid once beforeAll has run.
 */
export function useLocalServer(options: StartTestServerOptions = {}): GetTarget {
  let server: StartedServer | undefined;
  let target: E2ETarget | undefined;
  beforeAll(async () => {
    server = await startTestServer({ ...options, env: { ...e2eEnv, ...options.env } });
    const { tessera } = server;
    target = {
      baseUrl: server.baseUrl,
      client: server.confidentialClient,
      refreshGraceSeconds: server.config.refreshGraceSeconds,
      signWithServerKey: async (header, payload) => {
        const key = await tessera.keys.signingKey();
        return signCompact({ alg: key.alg, kid: key.kid, ...header }, payload, key.privateKey);
      },
    };
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!target) throw new Error('the local server has not started (use the getter inside tests)');
    return target;
  };
}

const webCryptoAlgorithms: Record<string, webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams> = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
};

/** Signs any header, however wrong (jose refuses to sign e.g. unknown `crit`), with WebCrypto directly. */
async function signCompact(header: Record<string, unknown>, payload: Record<string, unknown>, key: webcrypto.CryptoKey): Promise<string> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const algorithm = webCryptoAlgorithms[String(header.alg)] ?? webCryptoAlgorithms.EdDSA!;
  const signature = await webcrypto.subtle.sign(algorithm, key, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}
