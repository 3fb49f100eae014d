import cookie from '@fastify/cookie';
import type { Tessera } from '@tessera/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { UserEmailCache } from '../auth/user-email-cache.js';
import type { ServerConfig } from '../config/config-options.js';
import { handleClientError } from '../http/client-error-handler.js';
import { handleError } from '../http/error-handler.js';
import { handleFrameworkError } from '../http/framework-error-handler.js';
import { registerFormBodyParser } from '../http/form-body-parser.js';
import { HttpProblem } from '../http/http-problem.js';
import { registerJsonBodyParser } from '../http/json-body-parser.js';
import { registerKeyRotationSchedule } from '../keys/key-rotation-schedule.js';
import { registerExpiredRecordsPurge } from '../maintenance/expired-records-purge.js';
import { createLogger } from '../observability/logger.js';
import { ServerMetrics } from '../observability/metrics.js';
import { Readiness } from '../observability/readiness.js';
import { handleOAuthError } from '../oauth/oauth-error-handler.js';
import { registerBackchannelLogout } from '../oauth/logout/register-backchannel-logout.js';
import { registerOAuth } from '../oauth/oauth-plugin.js';
import { registerPages } from '../pages/register-pages.js';
import { registerApiMeRoute } from '../routes/api-me.js';
import { registerLoginRoute } from '../routes/auth-login.js';
import { registerSessionRoutes } from '../routes/auth-session.js';
import { registerSessionListRoutes } from '../routes/auth-sessions.js';
import { registerSignupRoute } from '../routes/auth-signup.js';
import { registerHealthRoutes } from '../routes/health.js';
import { registerMetricsRoute } from '../routes/metrics.js';
import { registerRevocationStreamRoute } from '../routes/revocation-stream.js';
import { registerWellKnownRoutes } from '../routes/well-known.js';
import { registerNoStore } from '../security/cache-control.js';
import { LoginThrottle } from '../security/login-throttle.js';
import { isCorsAllowed, registerCors } from '../security/cors.js';
import { createOriginCheck } from '../security/origin-check.js';
import { PublicClientOrigins } from '../security/public-client-origins.js';
import { memoryRateLimiterFactory, type RateLimiterFactory } from '../security/rate-limiter-factory.js';
import { RevokeRateLimit } from '../security/revoke-rate-limit.js';
import { SignupThrottle } from '../security/signup-throttle.js';
import { registerSecurityHeaders } from '../security/security-headers.js';
import { registerUntrustedForwardingWarning } from '../security/untrusted-forwarding-warning.js';
import { registerInstanceHeader } from '../scale-out/instance-header.js';
import type { AppContext } from './app-context.js';
import './request-decorations.js';

export interface BuildAppOptions {
  tessera: Tessera;
  config: ServerConfig;
  /** Default: a redacting pino logger at `config.logLevel` on stdout. */
  logger?: Logger;
  /** Counters of the login, sign-up and revocation limits. Default: in memory (one instance); Redis for a fleet. */
  rateLimiterFactory?: RateLimiterFactory;
  /** Default: a fresh registry with process metrics. */
  metrics?: ServerMetrics;
  /** Default: probes `tessera.stores`. `serve` passes its own to drain on shutdown. */
  readiness?: Readiness;
}

/** How long receiving a whole request (headers and body) may take before Node answers 408: the slow-loris bound. */
const requestTimeoutMs = 30_000;

/**
 * The HTTP server as a Fastify instance, not yet listening: the CLI's `serve` and the tests share
 * it. Order matters: parsers and hooks first (origin check before any body is read), then routes.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { tessera, config } = options;
  const rateLimiterFactory = options.rateLimiterFactory ?? memoryRateLimiterFactory;
  const app = Fastify({
    loggerInstance: options.logger ?? createLogger({ level: config.logLevel }),
    // Fastify takes a hop count too (proxy-addr), though its types omit it.
    trustProxy: config.trustProxy as boolean | string[],
    bodyLimit: config.bodyLimitBytes,
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    requestTimeout: requestTimeoutMs,
    // Our own 503 during close (below), in the same JSON shape as every other error.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  const context: AppContext = {
    tessera,
    config,
    throttle: new LoginThrottle(rateLimiterFactory, {
      failuresPerAccountAndIp: config.loginFailuresPerAccountAndIp,
      failuresPerAccount: config.loginFailuresPerAccount,
      failuresPerIp: config.loginFailuresPerIp,
      windowSeconds: config.loginThrottleWindowSeconds,
    }),
    signupThrottle: new SignupThrottle(rateLimiterFactory, { perIpPerHour: config.signupsPerIpPerHour, perHour: config.signupsPerHour }),
    revokeLimit: new RevokeRateLimit(rateLimiterFactory, { perClientPerMinute: config.revokesPerClientPerMinute, perIpPerMinute: config.revokesPerIpPerMinute }),
    metrics: options.metrics ?? new ServerMetrics(),
    readiness: options.readiness ?? new Readiness(tessera.stores),
    emailCache: new UserEmailCache(async (userId) => (await tessera.accounts.findById(userId))?.email ?? null),
  };

  registerInstanceHeader(app, config.instanceName);
  registerUntrustedForwardingWarning(app, config.trustProxy, context.readiness);
  app.decorateRequest('sessionAuth', null);
  app.removeAllContentTypeParsers();
  registerJsonBodyParser(app, config.bodyLimitBytes);
  await registerFormBodyParser(app, config.bodyLimitBytes);
  await app.register(cookie);
  await registerSecurityHeaders(app);
  registerNoStore(app);
  context.metrics.register(app);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    throw new HttpProblem('shutting_down', 'The server is shutting down; retry on another instance');
  });
  const publicClientOrigins = new PublicClientOrigins(tessera);
  await registerCors(app, publicClientOrigins);
  app.addHook('onRequest', createOriginCheck(config.issuer, config.allowedOrigins, (path, origin) => isCorsAllowed(publicClientOrigins, path, origin)));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(async () => {
    throw new HttpProblem('not_found', 'No such route');
  });

  registerSignupRoute(app, context);
  registerLoginRoute(app, context);
  registerSessionRoutes(app, context);
  registerSessionListRoutes(app, context);
  await registerOAuth(app, context);
  // The stream lives under /oauth/ too, so it answers in the same RFC 6749 form.
  await app.register(async (stream) => {
    stream.setErrorHandler(handleOAuthError);
    registerRevocationStreamRoute(stream, context);
  });
  registerBackchannelLogout(app, context);
  registerKeyRotationSchedule(app, context);
  registerExpiredRecordsPurge(app, tessera);
  registerWellKnownRoutes(app, context);
  registerApiMeRoute(app, context);
  registerHealthRoutes(app, context);
  registerMetricsRoute(app, context);
  await registerPages(app, context);
  return app;
}
