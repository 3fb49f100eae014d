import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePortWithBusPort, portIsFree } from '../src/index.js';

describe('free ports', () => {
  it('freePort answers a port that can be bound, and portIsFree sees it taken while it is', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await portIsFree(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await portIsFree(port)).toBe(true);
  });

  it('freePortWithBusPort answers a port in 20000–29999 whose bus port is free too', async () => {
    const port = await freePortWithBusPort();
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(30_000);
    expect(await portIsFree(port + 10_000)).toBe(true);
  });
});
