import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** The stylesheet and script of the pages, with their content-hashed URLs. */
export interface PageAssets {
  stylesheetUrl: string;
  /** `@simplewebauthn/browser` (served from here: no CDN), pages.js and passkeys.js, as one file. */
  scriptUrl: string;
}

interface Asset {
  url: string;
  body: Buffer;
  contentType: string;
}

/**
 * The asset files live in `src/pages/assets/` and are read from there both when running from
 * source and from `dist/` (the package ships `src`; `tsc` does not copy non-TS files). From
 * `src/pages/` and `dist/pages/` alike, `../../src/pages/assets/` is that folder.
 */
const assetsDirectory = new URL('../../src/pages/assets/', import.meta.url);
/**
 * The browser half of `@simplewebauthn`, as its own UMD bundle (global `SimpleWebAuthnBrowser`).
 * The package exports only its entry point (`script/index.js`); the bundle sits beside it.
 */
const webauthnBundle = new URL('../dist/bundle/', pathToFileURL(createRequire(import.meta.url).resolve('@simplewebauthn/browser')));

/** Each asset is one or more files, concatenated in order. */
const files = [
  { name: 'pages', extension: 'css', contentType: 'text/css; charset=utf-8', parts: [new URL('pages.css', assetsDirectory)] },
  {
    // One script for every page (the page CSP allows only this origin; one hashed file keeps it
    // simple): the WebAuthn browser library first (it defines `SimpleWebAuthnBrowser`), then the
    // pages' own enhancements and passkey buttons.
    name: 'pages',
    extension: 'js',
    contentType: 'text/javascript; charset=utf-8',
    parts: [new URL('index.umd.min.js', webauthnBundle), new URL('pages.js', assetsDirectory), new URL('passkeys.js', assetsDirectory)],
  },
] as const;

/**
 * Serves `/assets/pages.<hash>.css` and `/assets/pages.<hash>.js` from memory with a year-long,
 * immutable cache: the hash changes with the content, so a deploy never serves stale files.
 */
export async function registerStaticAssets(app: FastifyInstance): Promise<PageAssets> {
  const loaded: Asset[] = await Promise.all(
    files.map(async ({ name, extension, contentType, parts }) => {
      const contents = await Promise.all(parts.map((part) => readFile(fileURLToPath(part))));
      const body = Buffer.concat(contents.flatMap((content) => [content, Buffer.from('\n')]));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      return { url: `/assets/${name}.${hash}.${extension}`, body, contentType };
    }),
  );
  for (const asset of loaded) {
    const schema = {
      summary: `The pages’ ${asset.url.endsWith('.css') ? 'stylesheet' : 'script'} (content-hashed, immutable)`,
      tags: ['pages'],
      response: { 200: { description: 'The asset', content: { [asset.contentType.split(';')[0]!]: { schema: z.string() } } } },
    };
    app.get(asset.url, { schema }, async (_request, reply) =>
      reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
  }
  const [stylesheet, script] = loaded;
  if (!stylesheet || !script) throw new Error('page assets missing');
  return { stylesheetUrl: stylesheet.url, scriptUrl: script.url };
}
