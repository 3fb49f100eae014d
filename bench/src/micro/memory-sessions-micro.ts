/**
 * Heap bytes per session of the in-memory store: N real sessions made by the core's
 * SessionService on `createMemoryStores()`, heap measured after full GCs (run with --expose-gc).
 */
import type { MemorySessionsJob, MemorySessionsOutcome } from './micro-protocol.js';

interface CoreModule {
  createMemoryStores(): unknown;
  createTessera(options: { stores: unknown; settings: { issuer: string } }): Promise<{
    sessions: { create(userId: string, meta?: Record<string, unknown>): Promise<unknown> };
    close(): Promise<void>;
  }>;
}

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

export async function runMemorySessions(job: MemorySessionsJob): Promise<MemorySessionsOutcome> {
  const specifier = '@tessera/core';
  const core = (await import(specifier)) as CoreModule;
  const tessera = await core.createTessera({ stores: core.createMemoryStores(), settings: { issuer: 'http://127.0.0.1:1' } });
  // One warm session so lazily created structures are not charged to the measured ones.
  await tessera.sessions.create('usr_warmup', { userAgent: 'lab', ip: '127.0.0.1' });
  const heapBeforeBytes = collect();
  const users = 1000;
  for (let i = 0; i < job.sessions; i++) {
    await tessera.sessions.create(`usr_${String(i % users).padStart(22, '0')}`, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) lab', ip: '127.0.0.1' });
  }
  const heapAfterBytes = collect();
  await tessera.close();
  return { sessions: job.sessions, heapBeforeBytes, heapAfterBytes, bytesPerSession: (heapAfterBytes - heapBeforeBytes) / job.sessions };
}
