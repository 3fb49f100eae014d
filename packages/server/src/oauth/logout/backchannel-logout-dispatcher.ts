import type { LogoutNotice, Tessera } from '@tessera/core';
import type { Logger } from 'pino';

export type BackchannelOutcome = 'delivered' | 'retried' | 'failed';

export interface BackchannelLogoutOptions {
  /** Counts each attempt's outcome (`/metrics`: tessera_backchannel_logout_total). */
  count?: (outcome: BackchannelOutcome) => void;
  logger?: Pick<Logger, 'warn'>;
  /** Attempts per notice, the first included. */
  attempts?: number;
  /** Delay before the first retry; doubled for each next one (with jitter). */
  retryDelayMs?: number;
  /** Per attempt: an RP that does not answer in time counts as a failed attempt. */
  timeoutMs?: number;
}

/**
 * OIDC Back-Channel Logout 1.0 §2.5-§2.8: when a session ends, each client that had a login in it
 * and registered a `backchannel_logout_uri` gets a fresh logout token by form POST. Told by the
 * core (`SessionLogout.onLogout`) in the process that ended the session, which the session store's
 * atomic delete makes exactly one process, so every RP is told once however many instances run.
 * Delivery runs after the request has been answered (never blocks it) and retries with
 * exponential back-off; each token is signed per attempt, so a retry never sends a stale `exp`.
 */
export class BackchannelLogoutDispatcher {
  readonly #pending = new Set<Promise<void>>();
  /** Scheduled retries: each timer with the wake-up of the delivery waiting on it. */
  readonly #timers = new Map<NodeJS.Timeout, (goOn: boolean) => void>();
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(
    private readonly tessera: Tessera,
    private readonly options: BackchannelLogoutOptions = {},
  ) {
    this.#unsubscribe = tessera.logout.sessions.onLogout((notices) => {
      for (const notice of notices) this.#track(this.#deliver(notice));
    });
  }

  /** Waits for every delivery in flight, retries included (the CLI, before it exits). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Stops listening and cancels scheduled retries; attempts in flight finish (bounded by the timeout). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake(false);
    }
    this.#timers.clear();
    await this.drain();
  }

  #track(delivery: Promise<void>): void {
    // A store outage while signing (the key store) ends this delivery as failed, never as an unhandled rejection.
    const tracked = delivery.catch((error: unknown) => {
      this.options.count?.('failed');
      this.options.logger?.warn({ err: error }, 'back-channel logout not delivered');
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  async #deliver(notice: LogoutNotice): Promise<void> {
    const client = await this.tessera.clients.find(notice.clientId).catch(() => null);
    const uri = client?.backchannelLogoutUri ?? null;
    if (client === null || uri === null) return;
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; attempt <= attempts && !this.#closed; attempt++) {
      if (attempt > 1 && !(await this.#sleep(this.#delay(attempt)))) break;
      const failure = await this.#attempt(uri, await this.tessera.logout.tokens.issue(client, notice.userId, notice.sessionId));
      if (failure === null) return this.options.count?.('delivered');
      if (attempt < attempts) this.options.count?.('retried');
      else this.options.logger?.warn({ clientId: client.id, attempts, failure }, 'back-channel logout not delivered');
    }
    this.options.count?.('failed');
  }

  /** null on success; else why it failed (never the token). */
  async #attempt(uri: string, logoutToken: string): Promise<string | null> {
    try {
      // §2.5: a form POST; redirects are not followed (the registered URI is the only target).
      const response = await fetch(uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store' },
        body: new URLSearchParams({ logout_token: logoutToken }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await response.body?.cancel();
      // §2.8: the RP answers 200 (or 204) when it logged the user out.
      return response.status === 200 || response.status === 204 ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.name : 'error';
    }
  }

  #delay(attempt: number): number {
    const base = (this.options.retryDelayMs ?? 1000) * 2 ** (attempt - 2);
    return base / 2 + Math.random() * (base / 2);
  }

  /** false when closed meanwhile. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve(!this.#closed);
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }
}
