import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessNotReadyError, superviseProcess } from '../src/index.js';

/** A node child running `script`. */
const node = (name: string, script: string, extra: Record<string, unknown> = {}) =>
  superviseProcess({ name, command: process.execPath, args: ['-e', script], ...extra });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tessera-supervisor-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SupervisedProcess', () => {
  it('keeps the output, hands out lines, and reports the exit code', async () => {
    const lines: string[] = [];
    const child = node('printer', "console.log('one'); console.error('two'); process.exit(3)", { onLine: (line: string) => lines.push(line) });
    expect(await child.exited).toBe(3);
    expect(child.running).toBe(false);
    expect(child.output).toContain('one');
    expect(child.output).toContain('two');
    expect(lines.sort()).toEqual(['one', 'two']);
  });

  it('waitUntilReady resolves once the check holds', async () => {
    const child = node('sleeper', 'setTimeout(() => {}, 30_000)');
    let calls = 0;
    await child.waitUntilReady(async () => ++calls >= 3, 5_000);
    expect(calls).toBe(3);
    await child.stop();
    expect(await child.exited).toBe('SIGTERM');
  });

  it('fails with the logs when the process exits before it is ready', async () => {
    const child = node('crasher', "console.error('cannot bind: EADDRINUSE'); process.exit(1)");
    const failure = child.waitUntilReady(async () => false, 10_000);
    await expect(failure).rejects.toBeInstanceOf(ProcessNotReadyError);
    await expect(failure).rejects.toThrow(/crasher exited \(1\) before it was ready:\n.*EADDRINUSE/);
  });

  it('fails with the logs when the process is not ready in time', async () => {
    const child = node('slowpoke', "console.log('still warming up'); setTimeout(() => {}, 30_000)");
    await child.waitUntilReady(async () => child.output.includes('warming'), 10_000);
    await expect(child.waitUntilReady(async () => false, 300)).rejects.toThrow(/slowpoke was not ready within 300 ms:\n.*still warming up/);
    await child.kill();
    expect(await child.exited).toBe('SIGKILL');
  });

  it('stop() sends SIGKILL after the grace period to a process that ignores SIGTERM', async () => {
    const child = node('stubborn', "process.on('SIGTERM', () => console.log('ignored')); setTimeout(() => {}, 30_000); console.log('up')");
    await child.waitUntilReady(async () => child.output.includes('up'), 5_000);
    const started = Date.now();
    await child.stop(300);
    expect(await child.exited).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('direct output goes to the log file, and the tail is read from it', async () => {
    const logFile = join(dir, 'direct.log');
    const child = node('direct', "console.log('a'); console.log('b'); console.log('c')", { logFile, direct: true });
    expect(await child.exited).toBe(0);
    expect(await readFile(logFile, 'utf8')).toBe('a\nb\nc\n');
    expect(child.tail(2)).toBe('b\nc');
  });

  it('a command that does not exist fails at once', () => {
    expect(() => superviseProcess({ name: 'ghost', command: join(dir, 'no-such-binary'), args: [] })).toThrow(/ghost: could not start/);
  });
});
