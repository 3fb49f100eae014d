/** What both services read from the environment (see README.md). */
export interface ServiceSettings {
  /** Tessera's issuer URL: discovery, JWKS and the revocation stream all hang off it. */
  issuer: string;
  port: number;
  host: string;
}

export function serviceSettings(env: NodeJS.ProcessEnv, portVariable: string, defaultPort: number): ServiceSettings {
  return {
    issuer: (env.TESSERA_ISSUER ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    port: Number(env[portVariable] ?? defaultPort),
    host: env.HOST ?? '127.0.0.1',
  };
}

/** A required variable, or one clear line and exit code 2. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`${name} is required (see examples/microservices/README.md)\n`);
    process.exit(2);
  }
  return value;
}

/** Stops `close` on SIGINT/SIGTERM, then exits. */
export function closeOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
