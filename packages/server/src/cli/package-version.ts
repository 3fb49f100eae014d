import { readFileSync } from 'node:fs';

/** packages/server/package.json, two levels above this file in `src/cli` and in `dist/cli` alike. */
const packageJsonUrl = new URL('../../package.json', import.meta.url);

/** The server package's version, as `tessera --version` prints it. */
export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`no version in ${packageJsonUrl.pathname}`);
  return version;
}
