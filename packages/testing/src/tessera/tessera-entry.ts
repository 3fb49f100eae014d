import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../repository-root.js';

/** How `tessera` is started: the built CLI (`dist`), or the sources through tsx (`source`: no build step). */
export type TesseraEntry = 'dist' | 'source';

/** Node's arguments before the CLI's own (`serve`, `migrate`, `clients add …`). */
export function tesseraNodeArguments(entry: TesseraEntry): string[] {
  if (entry === 'source') return ['--conditions=source', '--import', 'tsx', join(repositoryRoot, 'packages/server/src/bin.ts')];
  const built = join(repositoryRoot, 'packages/server/dist/bin.js');
  if (!existsSync(built)) throw new Error('packages/server/dist/bin.js is missing: run `npm run build` (or use the source entry)');
  return [built];
}
