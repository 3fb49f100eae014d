import type { FastifyInstance } from 'fastify';
import type { Readiness } from '../observability/readiness.js';
import { proxyTrust, type TrustProxySetting } from './proxy-trust.js';

/**
 * Says so, once, when `X-Forwarded-For` or `Forwarded` arrives from a peer `TESSERA_TRUST_PROXY`
 * does not trust: the usual sign of a load balancer the configuration does not know. Then every
 * client has the balancer's address, and the per-IP limits (login, sign-up, revocation) add all
 * clients up, one attacker locking everyone out (audit finding 5). Logged (pino warn) and kept in
 * `/readyz`'s `warnings` for whoever looks at the instance later. Never trusts the headers itself:
 * believing them from an unknown peer would let any client choose its IP.
 */
export function registerUntrustedForwardingWarning(app: FastifyInstance, setting: TrustProxySetting, readiness: Readiness): void {
  const trusts = proxyTrust(setting);
  let warned = false;
  app.addHook('onRequest', async (request) => {
    if (warned) return;
    if (request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined) return;
    const peer = request.socket.remoteAddress ?? '';
    if (trusts(peer)) return;
    warned = true;
    const message =
      `X-Forwarded-For/Forwarded headers arrived from ${peer}, which TESSERA_TRUST_PROXY does not trust: ` +
      'they are ignored, so every client behind that proxy shares its address and its per-IP limits. ' +
      "Behind a load balancer, set TESSERA_TRUST_PROXY to the balancer's addresses (docs/scale-out.md)";
    request.log.warn(message);
    readiness.warn(message);
  });
}
