/** Client credentials of a confidential client (`tessera clients add --type confidential`). */
export interface ClientCredentials {
  id: string;
  secret: string;
}

export interface ServiceTokenOptions {
  /** Tessera's issuer URL; the token endpoint is `${issuer}/oauth/token`. */
  issuer: string;
  client: ClientCredentials;
  /** The service the token is for (`aud`). */
  audience: string;
  scope: string;
  /** A cached token is replaced this long before it expires, ms. Default 30 000. */
  renewBeforeMs?: number;
}

/**
 * A service's own access token (RFC 6749 §4.4 client_credentials), cached until shortly before it
 * expires and fetched once however many requests need it at the same moment.
 */
export class ServiceToken {
  #token: { value: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(private readonly options: ServiceTokenOptions) {}

  async get(): Promise<string> {
    if (this.#token !== undefined && Date.now() < this.#token.renewAt) return this.#token.value;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forget the cached token (the callee refused it: revoked, or a key it cannot verify). */
  invalidate(): void {
    this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const { issuer, client, audience, scope } = this.options;
    // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic encoding.
    const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encode(client.id)}:${encode(client.secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', audience, scope }),
    });
    if (!response.ok) throw new Error(`client_credentials grant failed with ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    const renewAt = Date.now() + Math.max(0, body.expires_in * 1000 - (this.options.renewBeforeMs ?? 30_000));
    this.#token = { value: body.access_token, renewAt };
    return body.access_token;
  }
}
