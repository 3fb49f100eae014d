import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The stylesheet and script of the pages, with their content-hashed URLs. */
export interface PageAssets {
  stylesheetUrl: string;
  scriptUrl: string;
  /** `@simplewebauthn/browser` (its UMD bundle, served from here: no CDN) and `passkeys.js`, in load order. */
  passkeyScripts: string[];
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

const files = [
  { name: 'pages', extension: 'css', contentType: 'text/css; charset=utf-8', location: assetsDirectory },
  { name: 'pages', extension: 'js', contentType: 'text/javascript; charset=utf-8', location: assetsDirectory },
  { name: 'webauthn', extension: 'js', contentType: 'text/javascript; charset=utf-8', location: webauthnBundle },
  { name: 'passkeys', extension: 'js', contentType: 'text/javascript; charset=utf-8', location: assetsDirectory },
] as const;

/**
 * Serves `/assets/pages.<hash>.css` and `/assets/pages.<hash>.js` from memory with a year-long,
 * immutable cache: the hash changes with the content, so a deploy never serves stale files.
 */
export async function registerStaticAssets(app: FastifyInstance): Promise<PageAssets> {
  const loaded: Asset[] = await Promise.all(
    files.map(async ({ name, extension, contentType, location }) => {
      const file = location === webauthnBundle ? 'index.umd.min.js' : `${name}.${extension}`;
      const body = await readFile(fileURLToPath(new URL(file, location)));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      return { url: `/assets/${name}.${hash}.${extension}`, body, contentType };
    }),
  );
  for (const asset of loaded) {
    app.get(asset.url, async (_request, reply) =>
      reply.header('content-type', asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
  }
  const [stylesheet, script, webauthn, passkeys] = loaded;
  if (!stylesheet || !script || !webauthn || !passkeys) throw new Error('page assets missing');
  return { stylesheetUrl: stylesheet.url, scriptUrl: script.url, passkeyScripts: [webauthn.url, passkeys.url] };
}
