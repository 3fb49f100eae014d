import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** One registered route, as Fastify's `onRoute` saw it. */
export interface LiveRoute {
  method: string;
  url: string;
}

/**
 * Every route of every Fastify instance created while `run` runs, from Fastify's own `onRoute`
 * hook: Fastify announces each new instance on the `fastify.initialization` diagnostics channel
 * before any plugin is registered, so a hook added there sees every route, those of encapsulated
 * plugins included. Independent of @fastify/swagger, whose document is what is checked.
 */
export async function collectLiveRoutes<T>(run: () => Promise<T>): Promise<{ result: T; routes: LiveRoute[] }> {
  const routes: LiveRoute[] = [];
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  };
  subscribe('fastify.initialization', onInstance);
  try {
    return { result: await run(), routes };
  } finally {
    unsubscribe('fastify.initialization', onInstance);
  }
}

/** `/auth/sessions/:id` → `/auth/sessions/{id}` (OpenAPI §4.8.8.1 path templating). */
export function openApiPath(fastifyUrl: string): string {
  return fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
