import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/** The stylesheet and script of the pages, with their content-hashed URLs. */
export interface PageAssets {
  stylesheetUrl: string;
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

const files = [
  { name: 'pages', extension: 'css', contentType: 'text/css; charset=utf-8' },
  { name: 'pages', extension: 'js', contentType: 'text/javascript; charset=utf-8' },
] as const;

/**
 * Serves `/assets/pages.<hash>.css` and `/assets/pages.<hash>.js` from memory with a year-long,
 * immutable cache: the hash changes with the content, so a deploy never serves stale files.
 */
export async function registerStaticAssets(app: FastifyInstance): Promise<PageAssets> {
  const loaded: Asset[] = await Promise.all(
    files.map(async ({ name, extension, contentType }) => {
      const body = await readFile(fileURLToPath(new URL(`${name}.${extension}`, assetsDirectory)));
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
