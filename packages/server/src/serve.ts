import type { Stores, Tessera, TesseraOptions } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app/build-app.js';
import { composeRateLimiterFactory } from './compose/compose-rate-limiters.js';
import { composeStores, type ComposedStores } from './compose/compose-stores.js';
import { composeTessera } from './compose/compose-tessera.js';
import type { ServerConfig } from './config/config-options.js';
import { configWarnings } from './config/load-config.js';
import { createLogger } from './observability/logger.js';
import { ServerMetrics } from './observability/metrics.js';
import { startMetricsListener, type MetricsListener } from './observability/metrics-listener.js';
import { Readiness } from './observability/readiness.js';
import type { RateLimiterFactory } from './security/rate-limiter-factory.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartServerOptions {
  logger?: Logger;
  /** Use these stores instead of composing them from the configuration (tests). Closed on shutdown. */
  stores?: Stores;
  /** Passed to `createTessera` (tests: cheaper hashing, a clock). */
  tesseraOverrides?: Partial<TesseraOptions>;
  rateLimiterFactory?: RateLimiterFactory;
  /** Runs after the core is composed, before listening (tests: register clients). */
  beforeListen?: (tessera: Tessera) => Promise<void>;
  /** Install SIGINT/SIGTERM handlers that shut down gracefully and exit. Default false. */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  tessera: Tessera;
  /** `http://host:port` actually listened on. */
  url: string;
  /** Where `/metrics` is served: the metrics listener (`TESSERA_METRICS_PORT`) or, loopback-only, the main one. */
  metricsUrl: string;
  /** Graceful shutdown; idempotent. */
  close(): Promise<void>;
}

/**
 * Composes stores and core from the configuration, builds the app and listens. Shutdown: readiness
 * turns 503, (after `TESSERA_SHUTDOWN_DELAY`) the listener closes and idle keep-alive connections
 * drop, in-flight requests finish (new ones on open connections get 503), then the stores close.
 * After `TESSERA_SHUTDOWN_TIMEOUT` remaining connections are cut.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  for (const warning of configWarnings(config)) logger.warn(warning);
  const { stores, redis }: ComposedStores = options.stores ? { stores: options.stores } : await composeStores(config, logger, { serving: true });
  let tessera: Tessera;
  try {
    tessera = await composeTessera(config, stores, options.tesseraOverrides);
    await options.beforeListen?.(tessera);
  } catch (error) {
    await stores.close();
    throw error;
  }
  const readiness = new Readiness(stores);
  const metrics = new ServerMetrics();
  redis?.metrics.register(metrics.registry);
  const app = await buildApp({
    tessera,
    config,
    logger,
    readiness,
    metrics,
    rateLimiterFactory: options.rateLimiterFactory ?? composeRateLimiterFactory(redis),
  });
  try {
    await app.listen({ port: config.port, host: config.host, listenTextResolver: (address) => `listening on ${address}` });
  } catch (error) {
    await tessera.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let metricsListener: MetricsListener | null = null;
  if (config.metricsPort !== undefined) {
    try {
      metricsListener = await startMetricsListener(metrics, config.metricsHost, config.metricsPort);
    } catch (error) {
      await app.close();
      await tessera.close();
      throw error;
    }
    logger.info(`metrics on ${metricsListener.url}`);
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= shutdown(app, tessera, readiness, config, logger).finally(() => metricsListener?.close());
    return closing;
  };
  if (options.handleSignals) installSignalHandlers(close, logger);
  logger.info({ issuer: config.issuer }, 'tessera is serving');
  const url = `http://${host}:${port}`;
  return { app, tessera, url, metricsUrl: metricsListener?.url ?? `${url}/metrics`, close };
}

async function shutdown(app: FastifyInstance, tessera: Tessera, readiness: Readiness, config: ServerConfig, logger: Logger): Promise<void> {
  readiness.drain();
  if (config.shutdownDelaySeconds > 0) {
    logger.info(`draining: /readyz answers 503 for ${config.shutdownDelaySeconds} s before the listener closes`);
    await sleep(config.shutdownDelaySeconds * 1000);
  }
  const force = setTimeout(() => {
    logger.warn('shutdown timeout: cutting remaining connections');
    app.server.closeAllConnections();
  }, config.shutdownTimeoutSeconds * 1000);
  force.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(force);
    await tessera.close();
  }
  logger.info('shut down');
}

function installSignalHandlers(close: () => Promise<void>, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(130);
    }
    signalled = true;
    logger.info(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
