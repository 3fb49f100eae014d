/** Runs the in-process measurements (verify rates, store lookups) in their own process. */
import { errorMessage, skip, type LabContext } from '../lab-context.js';
import { runMicroJob } from '../micro/micro-client.js';
import { median } from '../stats/statistics.js';
import type { MicroSeries } from '../micro/micro-protocol.js';
import type { MicroResult } from '../report/lab-result.js';

function toResult(series: MicroSeries): MicroResult {
  return { ...series, median: median(series.opsPerSecond), targets: [] };
}

export async function runMicroModes(ctx: LabContext, postgresUrl: string | null): Promise<void> {
  const { microDurationMs, microRounds } = ctx.settings;
  // Always measured: every ceiling needs these figures, whatever --only selects.
  {
    try {
      ctx.progress.detail('verify rates per algorithm');
      const reply = await runMicroJob({ kind: 'verify', durationMs: microDurationMs, rounds: microRounds }, 60_000 + microDurationMs * microRounds * 30);
      for (const series of reply.series ?? []) {
        ctx.result.micro.push(toResult(series));
        if (series.skipped) skip(ctx, series.name, series.skipped);
      }
    } catch (error) {
      skip(ctx, 'verify-micro', errorMessage(error));
    }
  }
  {
    try {
      ctx.progress.detail('store lookup costs');
      const reply = await runMicroJob(
        { kind: 'store-lookups', durationMs: microDurationMs, rounds: microRounds, redisUrl: ctx.redisUrl, postgresUrl, repoRoot: (await import('../process/paths.js')).repoRoot },
        60_000 + microDurationMs * microRounds * 10,
      );
      for (const series of reply.series ?? []) {
        ctx.result.storeLookups.push(toResult(series));
        if (series.skipped) skip(ctx, series.name, series.skipped);
      }
    } catch (error) {
      skip(ctx, 'store-lookups', errorMessage(error));
    }
  }
}
