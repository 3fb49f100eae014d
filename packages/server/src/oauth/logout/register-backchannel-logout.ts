import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/app-context.js';
import { BackchannelLogoutDispatcher } from './backchannel-logout-dispatcher.js';

/** Back-channel logout for sessions this server ends; retries still scheduled are dropped at close. */
export function registerBackchannelLogout(app: FastifyInstance, context: AppContext): void {
  const dispatcher = new BackchannelLogoutDispatcher(context.tessera, { count: (outcome) => context.metrics.backchannelLogout(outcome), logger: app.log });
  app.addHook('onClose', async () => dispatcher.close());
}
