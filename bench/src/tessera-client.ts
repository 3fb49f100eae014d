/**
 * The lab talks to Tessera only through the contract's HTTP surface (docs/http-api.md): signup, login,
 * the token endpoint, revocation and introspection. Every call is bounded by a timeout.
 */

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    readonly body: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 200)}`);
    this.name = 'HttpStatusError';
  }
}

const timeoutMs = 15_000;

export interface Credentials {
  email: string;
  password: string;
}

export interface CookieSession {
  /** Value for a `Cookie` request header. */
  cookie: string;
  csrfToken: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** A fresh, strong, unique account (the password passes any strength policy). */
export function newCredentials(label: string): Credentials {
  const random = crypto.getRandomValues(new Uint8Array(18));
  const suffix = Buffer.from(random).toString('base64url');
  return { email: `bench-${label}-${suffix.slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}@example.com`, password: `Lab-${suffix}-pw!` };
}

async function send(url: string, init: RequestInit, what: string, expected: readonly number[]): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  if (!expected.includes(response.status)) throw new HttpStatusError(response.status, what, await response.text().catch(() => ''));
  return response;
}

function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() };
}

/** The `name=value` pairs of every Set-Cookie, joined for a Cookie header. */
export function cookieHeaderFrom(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(';', 1)[0]!.trim())
    .filter((pair) => pair.includes('=') && !pair.endsWith('='))
    .join('; ');
}

export class TesseraClient {
  constructor(readonly baseUrl: string) {}

  async signup(credentials: Credentials): Promise<void> {
    const response = await send(`${this.baseUrl}/auth/signup`, json(credentials), 'signup', [201, 200]);
    await response.arrayBuffer();
  }

  async login(credentials: Credentials): Promise<CookieSession> {
    const response = await send(`${this.baseUrl}/auth/login`, { ...json(credentials), headers: { 'content-type': 'application/json', origin: this.baseUrl } }, 'login', [200]);
    const body = (await response.json()) as { csrf_token?: string };
    const cookie = cookieHeaderFrom(response.headers.getSetCookie());
    if (cookie === '') throw new Error('login: no session cookie in the answer');
    return { cookie, csrfToken: body.csrf_token ?? '' };
  }

  async logout(session: CookieSession): Promise<number> {
    const response = await fetch(`${this.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin: this.baseUrl },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.status;
  }

  async passwordGrant(credentials: Credentials, extra: Record<string, string> = {}): Promise<TokenPair> {
    const response = await send(
      `${this.baseUrl}/oauth/token`,
      form({ grant_type: 'password', username: credentials.email, password: credentials.password, scope: 'openid offline_access', ...extra }),
      'password grant',
      [200],
    );
    return toPair(await response.json());
  }

  async refreshGrant(refreshToken: string): Promise<TokenPair> {
    const response = await send(`${this.baseUrl}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: refreshToken }), 'refresh grant', [200]);
    return toPair(await response.json());
  }

  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const response = await send(`${this.baseUrl}/oauth/revoke`, form({ token, token_type_hint: hint }), 'revoke', [200]);
    await response.arrayBuffer();
  }

  async introspect(token: string, client: { id: string; secret: string }, hint?: string): Promise<Record<string, unknown>> {
    const basic = Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64');
    const response = await send(
      `${this.baseUrl}/oauth/introspect`,
      form({ token, ...(hint ? { token_type_hint: hint } : {}) }, { authorization: `Basic ${basic}` }),
      'introspect',
      [200],
    );
    return (await response.json()) as Record<string, unknown>;
  }

  async getJson(path: string): Promise<unknown> {
    const response = await send(`${this.baseUrl}${path}`, { method: 'GET' }, `GET ${path}`, [200]);
    return response.json();
  }

  /** Status of `GET path` with these headers (for probes). */
  async status(path: string, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * `count` distinct access tokens of one refresh family, by rotating it (cheap: no password hash),
   * so a load can rotate through them and no verified-token cache can answer from memory.
   */
  async distinctAccessTokens(credentials: Credentials, count: number, deadlineAt: number): Promise<string[]> {
    const first = await this.passwordGrant(credentials);
    const tokens = [first.accessToken];
    let refresh = first.refreshToken;
    while (tokens.length < count && Date.now() < deadlineAt) {
      const next = await this.refreshGrant(refresh);
      tokens.push(next.accessToken);
      refresh = next.refreshToken;
    }
    return tokens;
  }
}

function toPair(body: unknown): TokenPair {
  const record = body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  if (typeof record.access_token !== 'string' || typeof record.refresh_token !== 'string') {
    throw new Error('token endpoint: no access_token/refresh_token in the answer');
  }
  return { accessToken: record.access_token, refreshToken: record.refresh_token, expiresInSeconds: Number(record.expires_in ?? 0) };
}
