import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** How the lab starts `tessera <command>`: the built CLI, or the sources through tsx. */
export type TesseraLaunch = { ok: true; how: 'dist' | 'source'; command: string; prefixArgs: string[]; describe: string } | { ok: false; reason: string };

const serverDir = join(repoRoot, 'packages/server');
const distBin = join(serverDir, 'dist/bin.js');
const sourceBin = join(serverDir, 'src/bin.ts');

function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (path: string, depth: number) => {
    if (depth > 6) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir, 0);
  return newest;
}

/**
 * `prefer`: 'dist' (what `npm run bench` builds), 'source', or 'auto' (dist unless a source file
 * is newer than it, so a half-built tree is measured as written).
 */
export function resolveTesseraLaunch(prefer: 'auto' | 'dist' | 'source'): TesseraLaunch {
  const hasDist = existsSync(distBin);
  const hasSource = existsSync(sourceBin);
  const useDist = hasDist && (prefer === 'dist' || (prefer === 'auto' && (!hasSource || statSync(distBin).mtimeMs >= newestMtime(join(serverDir, 'src')))));
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
