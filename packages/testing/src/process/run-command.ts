import { spawn } from 'node:child_process';
import { killOnExit } from './exit-registry.js';

/** A command that ran to its end with a non-zero status; its stderr is in the message. */
export class CommandFailedError extends Error {
  readonly code = 'command_failed';
  override readonly name = 'CommandFailedError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command} exited ${exitCode}: ${stderr.trim()}`);
  }
}

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How the command is named in a failure. Default: the command and its arguments. */
  describe?: string;
  /** SIGTERM after this long (the command then fails). Default: no limit. */
  timeoutMs?: number;
}

/** Runs a command to its end; resolves with its stdout, rejects with CommandFailedError. */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }) });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new CommandFailedError(options.describe ?? [command, ...args].join(' '), code, stderr));
    });
  });
}
