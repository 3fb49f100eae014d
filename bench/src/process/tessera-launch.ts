import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** How the lab starts `tessera <command>`: the built CLI, or the sources through tsx. */
export type TesseraLaunch = { ok: true; how: 'dist' | 'source'; command: string; prefixArgs: string[]; describe: string } | { ok: false; reason: string };

const serverDir = join(repoRoot, 'packages/server');
const distBin = join(serverDir, 'dist/bin.js');
const sourceBin = join(serverDir, 'src/bin.ts');

/**
 * `prefer`: 'dist' (what `npm run bench` has just built), 'source' (through tsx, for working on
 * the server), or 'auto' (dist when it exists, else the sources).
 */
export function resolveTesseraLaunch(prefer: 'auto' | 'dist' | 'source'): TesseraLaunch {
  const hasDist = existsSync(distBin);
  const hasSource = existsSync(sourceBin);
  const useDist = hasDist && prefer !== 'source';
  if (useDist) return { ok: true, how: 'dist', command: process.execPath, prefixArgs: [distBin], describe: 'node packages/server/dist/bin.js' };
  if (hasSource && prefer !== 'dist') {
    return {
      ok: true,
      how: 'source',
      command: process.execPath,
      prefixArgs: ['--conditions=source', '--import', 'tsx', sourceBin],
      describe: 'node --conditions=source --import tsx packages/server/src/bin.ts',
    };
  }
  return { ok: false, reason: hasSource || hasDist ? `packages/server has no ${prefer} build` : 'packages/server has no src/bin.ts yet (the server CLI has not landed)' };
}
