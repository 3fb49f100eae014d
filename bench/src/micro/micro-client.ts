import { fork } from 'node:child_process';
import { benchModulePath, childExecArgv } from '../process/bench-module.js';
import type { MicroJob, MicroReply } from './micro-protocol.js';

/** Runs one micro job in a fresh process; rejects when it fails or exceeds `timeoutMs`. */
export function runMicroJob(job: MicroJob, timeoutMs: number): Promise<Extract<MicroReply, { ok: true }>> {
  return new Promise((resolve, reject) => {
    const child = fork(benchModulePath('micro/micro-worker'), [JSON.stringify(job)], {
      execArgv: childExecArgv(['--expose-gc']),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`${job.kind} micro benchmark timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (reply: MicroReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reply.ok) resolve(reply);
      else reject(new Error(reply.error));
    });
    child.once('exit', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${job.kind} micro benchmark exited (${code}) without an answer`));
    });
  });
}
