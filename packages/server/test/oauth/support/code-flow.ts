import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { HttpClient, type HttpResult } from '../../e2e/support/http-client.js';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** `/oauth/authorize?…` for a client, with overrides (undefined drops a parameter). */
export function authorizePath(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  return `/oauth/authorize?${query.toString()}`;
}

/** The query parameters of a redirect's `Location`, checking it goes to `redirectUri`. */
export function redirectParams(result: HttpResult, redirectUri: string): URLSearchParams {
  expect([302, 303], result.text).toContain(result.status);
  const location = result.headers.get('location') ?? '';
  const url = new URL(location);
  expect(`${url.origin}${url.pathname}`).toBe(redirectUri);
  return url.searchParams;
}

/** A browser's view of the hosted pages: one session cookie, redirects read by hand. */
export class Browser {
  readonly http: HttpClient;
  session: string | undefined;
  csrf: string | undefined;

  constructor(readonly baseUrl: string) {
    this.http = new HttpClient(baseUrl);
  }

  /** Signs in through the JSON API: the same session cookie the hosted login sets. */
  async logIn(credentials: { email: string; password: string }): Promise<void> {
    const result = await this.http.json('POST', '/auth/login', credentials);
    expect(result.status, result.text).toBe(200);
    this.session = /__Host-tessera_session=([^;]+)/.exec(result.setCookies.join('\n'))?.[1];
    this.csrf = result.body.csrf_token as string;
  }

  get(path: string): Promise<HttpResult> {
    return this.http.get(path, { redirect: 'manual', ...(this.session === undefined ? {} : { session: this.session }) });
  }

  /** A form post from one of the hosted pages (same-origin `Origin`, as a browser sends). */
  post(path: string, fields: Record<string, string>): Promise<HttpResult> {
    return this.http.form(path, fields, { redirect: 'manual', headers: { origin: new URL(this.baseUrl).origin }, ...(this.session === undefined ? {} : { session: this.session }) });
  }

  /** The hidden fields of the consent page's form, and the decision. */
  static consentFields(page: string, decision: 'allow' | 'deny'): Record<string, string> {
    const fields: Record<string, string> = { decision };
    for (const match of page.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) fields[match[1]!] = decodeEntities(match[2]!);
    return fields;
  }
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[name] ?? '');
}
