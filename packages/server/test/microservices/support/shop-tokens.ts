import { randomBytes, randomUUID } from 'node:crypto';
import { HttpClient } from '../../e2e/support/http-client.js';

export interface UserTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** Talks to a Tessera server over real HTTP, as the shop's front end and services would. */
export class ShopTokens {
  readonly http: HttpClient;

  constructor(readonly issuer: string) {
    this.http = new HttpClient(issuer);
  }

  /** A new user (`POST /auth/signup`). */
  async newUser(): Promise<{ email: string; password: string }> {
    const credentials = { email: `shopper-${randomUUID()}@example.test`, password: `pw-${randomBytes(12).toString('base64url')}` };
    const result = await this.http.json('POST', '/auth/signup', credentials);
    if (result.status !== 201) throw new Error(`signup failed: ${result.status} ${result.text}`);
    return credentials;
  }

  /** Password grant through the shop's public client, for one audience and scope. */
  async login(user: { email: string; password: string }, audience: string, scope: string): Promise<UserTokens> {
    const result = await this.http.form('/oauth/token', {
      grant_type: 'password',
      client_id: 'shop-web',
      username: user.email,
      password: user.password,
      audience,
      scope,
    });
    if (result.status !== 200) throw new Error(`password grant failed: ${result.status} ${result.text}`);
    return result.body as UserTokens;
  }

  /** A fresh access token of the same family (refresh rotation). */
  async refresh(refreshToken: string): Promise<UserTokens> {
    const result = await this.http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'shop-web', refresh_token: refreshToken });
    if (result.status !== 200) throw new Error(`refresh failed: ${result.status} ${result.text}`);
    return result.body as UserTokens;
  }

  /** RFC 7009 revocation by the public client: an access token (its jti) or a refresh token (its whole family: a logout). */
  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const result = await this.http.form('/oauth/revoke', { token, token_type_hint: hint, client_id: 'shop-web' });
    if (result.status !== 200) throw new Error(`revoke failed: ${result.status} ${result.text}`);
  }

  /** JWKS requests the server has answered, from its own `/metrics` (counted at the server, not the verifier). */
  async jwksFetchesServed(): Promise<number> {
    const result = await this.http.get('/metrics');
    let total = 0;
    for (const line of result.text.split('\n')) {
      if (line.startsWith('tessera_http_requests_total{') && line.includes('route="/.well-known/jwks.json"')) total += Number(line.split(' ').at(-1));
    }
    return total;
  }
}
