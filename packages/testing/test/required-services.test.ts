import { afterEach, describe, expect, it, vi } from 'vitest';
import { isServiceRequired, toolAvailable } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('required-services policy', () => {
  it('CI=true requires everything', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('TESSERA_REQUIRE_SERVICES', '');
    expect(isServiceRequired('postgres')).toBe(true);
    expect(isServiceRequired('haproxy')).toBe(true);
  });

  it('TESSERA_REQUIRE_SERVICES names services one by one, or all', () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('TESSERA_REQUIRE_SERVICES', 'redis, chromium');
    expect(isServiceRequired('redis')).toBe(true);
    expect(isServiceRequired('chromium')).toBe(true);
    expect(isServiceRequired('postgres')).toBe(false);
    vi.stubEnv('TESSERA_REQUIRE_SERVICES', 'all');
    expect(isServiceRequired('postgres')).toBe(true);
  });

  it('a missing tool is a loud skip locally and a failure when required', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('CI', '');
    vi.stubEnv('TESSERA_REQUIRE_SERVICES', '');
    expect(toolAvailable('haproxy', false, 'apt-get install haproxy')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SKIPPED: haproxy is not installed'));
    expect(toolAvailable('haproxy', true, 'apt-get install haproxy')).toBe(true);
    vi.stubEnv('TESSERA_REQUIRE_SERVICES', 'haproxy');
    expect(() => toolAvailable('haproxy', false, 'apt-get install haproxy')).toThrow(/haproxy is required/);
  });
});
