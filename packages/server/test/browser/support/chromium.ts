import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it. Never `npx playwright install`. */
export const chromiumPath = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots of every run, at the repository root (ignored by git). The suites print the absolute path. */
export const screenshotDir = fileURLToPath(new URL('../../../../../test-results/browser/', import.meta.url));

/** The README's picture of /account. Rewritten only when asked: `TESSERA_UPDATE_SCREENSHOTS=1`. */
export const docsScreenshotPath = fileURLToPath(new URL('../../../../../docs/images/account.png', import.meta.url));
export const updateDocsScreenshots = process.env.TESSERA_UPDATE_SCREENSHOTS === '1';

export async function launchChromium(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  console.log(`browser screenshots: ${screenshotDir}`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * What the same Chromium sends when not headless: its real user agent minus the "Headless" marker,
 * so the device list reads as it would for a person ("Chrome 156 on Linux").
 */
export function desktopChromeUserAgent(browser: Browser): string {
  const major = browser.version().split('.')[0] ?? '0';
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

export const iPhoneSafari = {
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  viewport: { width: 390, height: 844 },
} satisfies BrowserContextOptions;

/**
 * A context whose pages must never break their Content-Security-Policy or throw: every CSP
 * violation report and page error is collected, and `assertClean()` fails the test if there was any.
 */
export async function watchedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; assertClean(): void }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return {
    context,
    assertClean: () => expect(problems).toEqual([]),
  };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
}
