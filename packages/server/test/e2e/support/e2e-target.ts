import type { TestClient } from '../../support/start-server.js';

/**
 * What a suite runs against: a base URL plus what it cannot discover over HTTP. Locally that is a
 * server the test file started; for the scale-out setup, `TESSERA_E2E_BASE_URL` (a load balancer in
 * front of several instances) with the client and settings in the environment.
 */
export interface E2ETarget {
  baseUrl: string;
  /** A confidential client registered with grant client_credentials (also used for introspection). */
  client: TestClient;
  /** The server's TESSERA_REFRESH_GRACE_SECONDS (the reuse test waits past it). */
  refreshGraceSeconds: number;
  /**
   * Signs a JWT with the server's current signing key (only a local target can): lets the bad-input
   * suite prove that `typ`, `iss`, `aud` and `exp` are checked, not just the signature.
   */
  signWithServerKey?: (header: Record<string, unknown>, payload: Record<string, unknown>) => Promise<string>;
  /**
   * Set when a proxy in front of the server refuses header blocks above this many bytes with an
   * answer of its own, before Tessera sees them (HAProxy 2.6 refuses any header value of 1 MiB or
   * more with its built-in HTML 400, whatever its configuration). The bad-input suite then wants
   * a 4xx from the proxy above the limit, and Tessera's own 431 document below it.
   */
  proxyHeaderLimitBytes?: number;
  /**
   * One instance's own URL, reached directly (no proxy), when `baseUrl` is a load balancer: the
   * loopback-only `/metrics` answers there and never through the balancer. Unset: `baseUrl` is
   * the instance.
   */
  instanceUrl?: string;
}

export type GetTarget = () => E2ETarget;

/** The external target from the environment, or null when `TESSERA_E2E_BASE_URL` is unset. */
export function externalTarget(env: NodeJS.ProcessEnv = process.env): E2ETarget | null {
  const baseUrl = env.TESSERA_E2E_BASE_URL;
  if (!baseUrl) return null;
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required with TESSERA_E2E_BASE_URL (register the client with \`tessera clients add\`)`);
    return value;
  };
  return {
    baseUrl,
    client: {
      id: required('TESSERA_E2E_CLIENT_ID'),
      secret: required('TESSERA_E2E_CLIENT_SECRET'),
      audience: required('TESSERA_E2E_CLIENT_AUDIENCE'),
      scope: env.TESSERA_E2E_CLIENT_SCOPE ?? '',
    },
    refreshGraceSeconds: Number(env.TESSERA_E2E_REFRESH_GRACE_SECONDS ?? '1'),
    ...(env.TESSERA_E2E_PROXY_HEADER_LIMIT ? { proxyHeaderLimitBytes: Number(env.TESSERA_E2E_PROXY_HEADER_LIMIT) } : {}),
    ...(env.TESSERA_E2E_INSTANCE_URL ? { instanceUrl: env.TESSERA_E2E_INSTANCE_URL } : {}),
  };
}
