/**
 * 1, 2 and 3 Tessera instances behind the load balancer of the scale-out work (`npm run cluster`,
 * scripts/cluster.mjs), for session-in-Redis and for JWT. Skipped, with the reason, until that
 * machinery exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { selected, skip, type LabContext } from '../lab-context.js';
import { repoRoot } from '../process/paths.js';

export const scalingModeIds = ['scaling-session-redis', 'scaling-jwt-EdDSA'];

export async function runScalingModes(ctx: LabContext): Promise<void> {
  const wanted = scalingModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  const script = join(repoRoot, 'scripts/cluster.mjs');
  if (!existsSync(script)) {
    for (const id of wanted) skip(ctx, id, '`npm run cluster` machinery (scripts/cluster.mjs, issue 3) has not landed yet');
    return;
  }
  for (const id of wanted) skip(ctx, id, 'scripts/cluster.mjs exists but the lab does not drive it yet');
}
