/**
 * In-process measurements, in a process of their own (nothing else runs in it): verify rates per
 * algorithm, store lookup costs, heap per in-memory session. Started by the runner with the job
 * as JSON in argv[2]; replies once over IPC and exits.
 */
import { runMemorySessions } from './memory-sessions-micro.js';
import type { MicroJob, MicroReply } from './micro-protocol.js';
import { runStoreLookupMicro } from './store-lookup-micro.js';
import { runVerifyMicro } from './verify-micro.js';

async function main(): Promise<MicroReply> {
  const job = JSON.parse(process.argv[2] ?? '{}') as MicroJob;
  switch (job.kind) {
    case 'verify':
      return { ok: true, series: await runVerifyMicro(job) };
    case 'store-lookups':
      return { ok: true, series: await runStoreLookupMicro(job) };
    case 'memory-sessions':
      return { ok: true, memory: await runMemorySessions(job) };
    default:
      return { ok: false, error: `unknown micro job ${JSON.stringify(job)}` };
  }
}

main()
  .catch((error: unknown): MicroReply => ({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
  .then((reply) => {
    if (process.send) process.send(reply, () => process.exit(0));
    else {
      process.stdout.write(`${JSON.stringify(reply)}\n`);
      process.exit(0);
    }
  })
  .catch(() => process.exit(1));
