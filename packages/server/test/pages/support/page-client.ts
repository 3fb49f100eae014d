import { createMemoryStores, type Tessera } from '@tessera/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../src/app/build-app.js';
import { composeTessera } from '../../../src/compose/compose-tessera.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { testSignupLimits } from '../../support/start-server.js';

export const chromeOnLinux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
/** What a browser sends as `Origin` for a page of the app under `inject()` (Host `localhost:80`). */
export const ownOrigin = 'http://localhost';
export const password = 'correct horse battery staple';

export interface PagesApp {
  app: FastifyInstance;
  tessera: Tessera;
  close(): Promise<void>;
}

/** The whole server (buildApp, memory stores), driven through `inject()`. Cheap Argon2 keeps it quick. */
export async function buildPagesApp(env: Record<string, string> = {}): Promise<PagesApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', TESSERA_ARGON2_MEMORY_KIB: '1024', TESSERA_ARGON2_TIME_COST: '1', ...testSignupLimits, ...env });
  const tessera = await composeTessera(config, createMemoryStores());
  const app = await buildApp({ tessera, config, logger: createLogger({ level: 'silent' }) });
  await app.ready();
  return { app, tessera, close: () => app.close() };
}

/** One browser: a cookie jar, a user agent, and form posts that carry this origin like a browser's do. */
export class PageClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly userAgent = chromeOnLinux,
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(await this.app.inject({ method: 'GET', url, headers: { ...this.#headers(), ...headers } }));
  }

  /** A form post as a browser sends it from one of the pages: urlencoded, `Origin` of this site. */
  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.#headers(), 'content-type': 'application/x-www-form-urlencoded', origin: ownOrigin, ...headers },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** GET `page`, then post its form with `fields` plus the page's CSRF token. */
  async submit(page: string, action: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const form = await this.get(page);
    return this.post(action, { csrf_token: csrfTokenIn(form.body), ...fields }, headers);
  }

  async signUp(email: string, pass = password): Promise<LightMyRequestResponse> {
    return this.submit('/signup', '/signup', { email, password: pass });
  }

  async logIn(email: string, pass = password): Promise<LightMyRequestResponse> {
    return this.submit('/login', '/login', { email, password: pass });
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get('__Host-tessera_session');
  }

  #headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { 'user-agent': this.userAgent, ...(cookie ? { cookie } : {}) };
  }

  #keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const set of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (set.value === '' || set.maxAge === 0) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    return response;
  }
}

export function csrfTokenIn(page: string): string {
  const found = /name="csrf_token" value="([^"]+)"/.exec(page);
  if (!found?.[1]) throw new Error('no csrf_token field on the page');
  return found[1];
}

/** The session ids listed on /account, in page order. */
export function deviceSignOutActions(page: string): string[] {
  return [...page.matchAll(/action="(\/account\/sessions\/[^"/]+\/sign-out)"/g)].map((match) => match[1] ?? '');
}
