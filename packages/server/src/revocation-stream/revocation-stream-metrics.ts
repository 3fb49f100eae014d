import { Counter, Gauge, type Registry } from 'prom-client';
import type { RevocationStreamObserver } from './revocation-stream-hub.js';

/**
 * `/metrics` for the revocation stream: open streams, events pushed, and disconnects by reason
 * (`slow_client` growing means subscribers cannot keep up; each one replays from the log).
 */
export function registerRevocationStreamMetrics(registry: Registry, openStreams: () => number): RevocationStreamObserver {
  new Gauge({
    name: 'tessera_revocation_streams',
    help: 'Open revocation event streams (SSE) on this instance',
    registers: [registry],
    collect() {
      this.set(openStreams());
    },
  });
  const pushed = new Counter({
    name: 'tessera_revocation_stream_events_total',
    help: 'Revocation events pushed to live streams (each counted once, however many subscribers)',
    registers: [registry],
  });
  const disconnects = new Counter({
    name: 'tessera_revocation_stream_disconnects_total',
    help: 'Revocation streams ended, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return {
    eventsPushed: (count) => pushed.inc(count),
    disconnected: (reason) => disconnects.inc({ reason }),
  };
}
