import { describe, expect, it } from 'vitest';
import { describeUserAgent } from '../../src/pages/user-agent.js';

/** Real user-agent strings of current browsers. */
const cases: Array<[string, string, string, string]> = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome 131 on Windows',
    'desktop',
    'Chrome',
  ],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 on Linux', 'desktop', 'Chrome'],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36',
    'Chrome (headless) 131 on Linux',
    'desktop',
    'Chrome (headless)',
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
    'Edge 131 on Windows',
    'desktop',
    'Edge',
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 on Windows', 'desktop', 'Firefox'],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 on Linux', 'desktop', 'Firefox'],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Safari on macOS',
    'desktop',
    'Safari',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Safari on iOS',
    'phone',
    'Safari',
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1',
    'Safari on iPadOS',
    'tablet',
    'Safari',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
    'Chrome 131 on iOS',
    'phone',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
    'Firefox 133 on iOS',
    'phone',
    'Firefox',
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Chrome 131 on Android',
    'phone',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome 131 on Android',
    'tablet',
    'Chrome',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    'Samsung Internet 26 on Android',
    'phone',
    'Samsung Internet',
  ],
  ['Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0', 'Firefox 133 on Android', 'phone', 'Firefox'],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
    'Opera 115 on Windows',
    'desktop',
    'Opera',
  ],
  [
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome 131 on ChromeOS',
    'desktop',
    'Chrome',
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko', 'Internet Explorer 11 on Windows', 'desktop', 'Internet Explorer'],
  ['curl/8.5.0', 'curl 8', 'desktop', 'curl'],
  ['node', 'Node.js', 'desktop', 'Node.js'],
  ['python-requests/2.32.3', 'Python 2', 'desktop', 'Python'],
];

describe('describeUserAgent', () => {
  it.each(cases)('%s → %s', (ua, label, kind, browser) => {
    const described = describeUserAgent(ua);
    expect(described.label).toBe(label);
    expect(described.kind).toBe(kind);
    expect(described.browser).toBe(browser);
  });

  it('says so when it cannot tell', () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, browserVersion: null, os: null, kind: 'unknown', label: 'Unknown device' });
    expect(describeUserAgent('SomethingElse/1.0').label).toBe('Unknown device');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) Mystery/1.0').label).toBe('Unknown browser on Linux');
  });

  it('reads only the first 512 characters (bounded work on hostile input)', () => {
    expect(describeUserAgent(`${'x'.repeat(600)} Firefox/133.0`).label).toBe('Unknown device');
    expect(describeUserAgent(`Mozilla/5.0 (${'Version/1 '.repeat(5000)}`).label).toBe('Unknown device');
  });
});
