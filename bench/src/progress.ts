/**
 * The progress line on stderr: which mode runs, how far the run is, and how long is left
 * (the plan's estimates, rescaled by how the finished steps compared with theirs).
 */
export interface PlannedStep {
  id: string;
  estimateSeconds: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Seconds left: remaining estimates × (actual ÷ estimated so far), clamped to a sane factor. */
export function remainingSeconds(steps: readonly PlannedStep[], doneCount: number, elapsedDoneSeconds: number, currentElapsedSeconds: number): number {
  const doneEstimate = steps.slice(0, doneCount).reduce((sum, step) => sum + step.estimateSeconds, 0);
  const factor = doneEstimate > 0 ? Math.min(3, Math.max(0.5, elapsedDoneSeconds / doneEstimate)) : 1;
  const current = steps[doneCount];
  const currentLeft = current ? Math.max(0, current.estimateSeconds * factor - currentElapsedSeconds) : 0;
  const after = steps.slice(doneCount + 1).reduce((sum, step) => sum + step.estimateSeconds, 0) * factor;
  return currentLeft + after;
}

export class Progress {
  #steps: PlannedStep[] = [];
  #done = 0;
  #doneSeconds = 0;
  #stepStartedAt = Date.now();
  #detail = '';
  #timer: NodeJS.Timeout | undefined;
  readonly #tty = process.stderr.isTTY === true;
  #lastPrinted = '';

  constructor(private readonly enabled = true) {}

  plan(steps: PlannedStep[]): void {
    this.#steps = steps;
    this.#done = 0;
    this.#doneSeconds = 0;
    if (this.enabled && this.#tty) {
      this.#timer = setInterval(() => this.#print(), 1000);
      this.#timer.unref();
    }
  }

  start(stepId: string, detail = ''): void {
    const index = this.#steps.findIndex((step) => step.id === stepId);
    if (index >= 0 && index > this.#done) this.#done = index;
    this.#stepStartedAt = Date.now();
    this.#detail = detail;
    this.#print(true);
  }

  detail(text: string): void {
    this.#detail = text;
    this.#print();
  }

  finish(): void {
    this.#doneSeconds += (Date.now() - this.#stepStartedAt) / 1000;
    this.#done += 1;
  }

  log(line: string): void {
    if (!this.enabled) return;
    if (this.#tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(`${line}\n`);
    this.#print(true);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.enabled && this.#tty) process.stderr.write('\r\x1b[K');
  }

  #print(force = false): void {
    if (!this.enabled) return;
    const current = this.#steps[this.#done];
    const left = remainingSeconds(this.#steps, this.#done, this.#doneSeconds, (Date.now() - this.#stepStartedAt) / 1000);
    const line = `[${String(Math.min(this.#done + 1, this.#steps.length)).padStart(2)}/${this.#steps.length}] ${current?.id ?? 'done'}${this.#detail ? ` · ${this.#detail}` : ''} · ~${formatDuration(left)} left`;
    if (this.#tty) {
      process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
    } else if (force && line !== this.#lastPrinted) {
      process.stderr.write(`${line}\n`);
    }
    this.#lastPrinted = line;
  }
}
