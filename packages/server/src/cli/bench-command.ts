import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliFailure } from './cli-failure.js';

/** The lab's entry point, relative to this file in `src/cli` or `dist/cli`. */
const benchEntry = fileURLToPath(new URL('../../../../bench/dist/run.js', import.meta.url));

/** `tessera bench [args…]`: runs the lab (bench/, built by `npm run build`), passing the arguments through. */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run the lab (same as npm run bench); arguments pass through, e.g. --quick')
    .allowUnknownOption()
    .argument('[args...]')
    .action(async (args: string[]) => {
      if (!existsSync(benchEntry)) throw new CliFailure('the lab is not built: run `npm run build` (or `npm run bench`) first');
      const child = spawn(process.execPath, [benchEntry, ...args], { stdio: 'inherit' });
      const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
      if (code !== 0) throw new CliFailure(`the lab exited with code ${code}`, code);
    });
}
