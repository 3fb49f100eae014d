/** What the account page says about a device: parsed from its `User-Agent`, for display only. */
export interface DeviceDescription {
  /** "Chrome", "Firefox", "Safari", … or null when not recognised. */
  browser: string | null;
  /** Major version, when the user agent states one. */
  browserVersion: string | null;
  /** "Windows", "macOS", "iOS", "iPadOS", "Android", "ChromeOS", "Linux", or null. */
  os: string | null;
  kind: 'desktop' | 'phone' | 'tablet' | 'unknown';
  /** "Chrome 131 on Linux", "Safari on iOS", "curl 8", "Unknown device". */
  label: string;
}

interface Rule {
  name: string;
  pattern: RegExp;
}

/**
 * Order matters: browsers built on Chromium keep `Chrome/` and `Safari/` in their user agent, and
 * Chrome keeps `Safari/`, so the more specific tokens come first. The version is capture group 1.
 */
const browserRules: readonly Rule[] = [
  { name: 'Edge', pattern: /\bEdg(?:e|A|iOS)?\/(\d+)/ },
  { name: 'Opera', pattern: /\b(?:OPR|OPT|Opera)\/(\d+)/ },
  { name: 'Samsung Internet', pattern: /\bSamsungBrowser\/(\d+)/ },
  { name: 'Vivaldi', pattern: /\bVivaldi\/(\d+)/ },
  { name: 'Yandex Browser', pattern: /\bYaBrowser\/(\d+)/ },
  { name: 'Firefox', pattern: /\b(?:Firefox|FxiOS)\/(\d+)/ },
  { name: 'Chrome (headless)', pattern: /\bHeadlessChrome\/(\d+)/ },
  { name: 'Chromium', pattern: /\bChromium\/(\d+)/ },
  { name: 'Chrome', pattern: /\b(?:Chrome|CriOS)\/(\d+)/ },
  { name: 'Internet Explorer', pattern: /\b(?:MSIE (\d+)|Trident\/.*rv:(\d+))/ },
  { name: 'Safari', pattern: /\bVersion\/(\d+)(?:[.\d]*)? (?:Mobile\/\S+ )?Safari\// },
  // Programs rather than browsers: still worth naming on a list of "where am I signed in".
  { name: 'curl', pattern: /^curl\/(\d+)/ },
  { name: 'Wget', pattern: /^Wget\/(\d+)/ },
  { name: 'Node.js', pattern: /^(?:node|undici)(?:\/(\d+))?/ },
  { name: 'Python', pattern: /^python-(?:requests|httpx|urllib\d?)\/(\d+)/ },
  { name: 'Go', pattern: /^Go-http-client\/(\d+)/ },
  { name: 'OkHttp', pattern: /^okhttp\/(\d+)/ },
];

const osRules: readonly Rule[] = [
  { name: 'iPadOS', pattern: /\biPad\b/ },
  { name: 'iOS', pattern: /\b(?:iPhone|iPod)\b/ },
  { name: 'Android', pattern: /\bAndroid\b/ },
  { name: 'ChromeOS', pattern: /\bCrOS\b/ },
  { name: 'Windows', pattern: /\bWindows\b/ },
  { name: 'macOS', pattern: /\bMac OS X\b|\bMacintosh\b/ },
  { name: 'Linux', pattern: /\bLinux\b|\bX11\b/ },
];

/** Longest user agent worth reading; the core stores at most 512 characters anyway. */
const maxLength = 512;

/** A small, dependency-free user-agent reader for the major browsers and systems. Never throws. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  const ua = (userAgent ?? '').slice(0, maxLength);
  const browser = match(browserRules, ua);
  const os = match(osRules, ua);
  const kind = deviceKind(ua, os?.name ?? null, browser !== null);
  return {
    browser: browser?.name ?? null,
    browserVersion: browser?.version ?? null,
    os: os?.name ?? null,
    kind,
    label: labelFor(browser, os?.name ?? null),
  };
}

function match(rules: readonly Rule[], ua: string): { name: string; version: string | null } | null {
  for (const rule of rules) {
    const found = rule.pattern.exec(ua);
    if (found) return { name: rule.name, version: found.slice(1).find((group) => group !== undefined) ?? null };
  }
  return null;
}

function deviceKind(ua: string, os: string | null, isKnown: boolean): DeviceDescription['kind'] {
  if (os === 'iPadOS' || (os === 'Android' && !/\bMobile\b/.test(ua)) || /\bTablet\b/.test(ua)) return 'tablet';
  if (os === 'iOS' || os === 'Android' || /\bMobile\b/.test(ua)) return 'phone';
  if (os !== null) return 'desktop';
  return isKnown ? 'desktop' : 'unknown';
}

function labelFor(browser: { name: string; version: string | null } | null, os: string | null): string {
  // Safari's version is the OS's on iOS; the version adds little there, and "Safari 17 on iOS" is noise.
  const name = browser ? (browser.version && browser.name !== 'Safari' ? `${browser.name} ${browser.version}` : browser.name) : null;
  if (name && os) return `${name} on ${os}`;
  if (name) return name;
  if (os) return `Unknown browser on ${os}`;
  return 'Unknown device';
}
