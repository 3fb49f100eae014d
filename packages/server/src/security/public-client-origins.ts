import type { Tessera } from '@tessera/core';

/** How long the allowed set is reused: a client registered now is allowed within this time. */
const cacheMs = 30_000;

/**
 * The origins a browser app may call the token, revocation and UserInfo endpoints from: the
 * origins of registered PUBLIC clients' http(s) redirect URIs. Only a public client runs in a
 * browser (a confidential one keeps its secret on a server, which needs no CORS), and its
 * redirect URIs are where its pages live. Read from the client store, cached briefly, so every
 * instance agrees within `cacheMs` without a restart.
 */
export class PublicClientOrigins {
  #origins: Promise<ReadonlySet<string>> | undefined;
  #loadedAt = 0;

  constructor(
    private readonly tessera: Pick<Tessera, 'clients'>,
    private readonly now: () => number = Date.now,
  ) {}

  async allows(origin: string): Promise<boolean> {
    return (await this.#current()).has(origin);
  }

  #current(): Promise<ReadonlySet<string>> {
    if (this.#origins === undefined || this.now() - this.#loadedAt > cacheMs) {
      this.#loadedAt = this.now();
      this.#origins = this.#load().catch((error: unknown) => {
        this.#origins = undefined; // a store outage is not remembered
        throw error;
      });
    }
    return this.#origins;
  }

  async #load(): Promise<ReadonlySet<string>> {
    const origins = new Set<string>();
    for (const client of await this.tessera.clients.list()) {
      if (client.type !== 'public') continue;
      for (const uri of client.redirectUris) {
        const url = new URL(uri);
        if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
      }
    }
    return origins;
  }
}
