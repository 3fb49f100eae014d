import type { FastifyInstance } from 'fastify';
import type { BackchannelOutcome } from '../oauth/logout/backchannel-logout-dispatcher.js';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { HttpRequestMetrics } from './http-request-metrics.js';

export type LoginOutcome = 'success' | 'failure' | 'throttled';
export type LoginEndpoint = 'auth_login' | 'password_grant' | 'second_factor' | 'passkey';
export type RevocationKind = 'logout' | 'session' | 'app_login' | 'other_sessions' | 'oauth_revoke';

/** The server's Prometheus metrics, on a registry of its own (several apps may share a process in tests). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #http = new HttpRequestMetrics(this.registry);
  readonly #logins = new Counter({
    name: 'tessera_logins_total',
    help: 'Password logins by endpoint and outcome',
    labelNames: ['endpoint', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #rotations = new Counter({
    name: 'tessera_refresh_rotations_total',
    help: 'Refresh tokens rotated (grace-window repeats included)',
    registers: [this.registry],
  });
  readonly #reuse = new Counter({
    name: 'tessera_refresh_reuse_detected_total',
    help: 'Spent refresh tokens presented after the grace window (the family is revoked)',
    registers: [this.registry],
  });
  readonly #revocations = new Counter({
    name: 'tessera_revocations_total',
    help: 'Revocations requested through the HTTP API, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly #backchannelLogouts = new Counter({
    name: 'tessera_backchannel_logout_total',
    help: 'Back-channel logout token deliveries by outcome: delivered, retried (an attempt failed, another follows), failed (gave up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tessera_' });
  }

  login(endpoint: LoginEndpoint, outcome: LoginOutcome): void {
    this.#logins.inc({ endpoint, outcome });
  }

  refreshRotated(): void {
    this.#rotations.inc();
  }

  refreshReuseDetected(): void {
    this.#reuse.inc();
  }

  backchannelLogout(outcome: BackchannelOutcome): void {
    this.#backchannelLogouts.inc({ outcome });
  }

  revoked(kind: RevocationKind): void {
    this.#revocations.inc({ kind });
  }

  /** Counts every answered request by its route pattern (never the raw URL: unbounded labels). */
  register(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      this.#http.record(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
