import type { RevocationBus, RevocationEvent } from '@tessera/core';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { TesseraDatabase } from './database-schema.js';
import { translateFailure } from './guarded-dialect.js';
import { postgresDialect } from './sql-dialect.js';

type Handler = (event: RevocationEvent) => void;

const firstRetryDelayMs = 100;
const maxRetryDelayMs = 5_000;

/** The NOTIFY channel of a schema: instances sharing the schema hear each other, and only them. */
export function revocationChannel(schema: string): string {
  return `tessera_revocations_${schema}`.slice(0, 63);
}

/**
 * Revocation fan-out between instances through PostgreSQL LISTEN/NOTIFY, for deployments with
 * Postgres and no Redis. Publishing is `pg_notify` on the pool (delivered at commit to every
 * listener, this instance's included); receiving uses one dedicated connection, opened on the
 * first subscription and re-opened with backoff if the server drops it. Delivery is best-effort,
 * as the port says: events published while the listener is reconnecting are not replayed (the
 * revocation log and the denylist are the durable record).
 */
export class PostgresRevocationBus implements RevocationBus {
  readonly #handlers = new Set<Handler>();
  #listener: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelayMs = firstRetryDelayMs;
  #closed = false;

  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly clientConfig: pg.ClientConfig,
    private readonly channel: string,
  ) {}

  async publish(event: RevocationEvent): Promise<void> {
    // NOTIFY payloads are limited to 8000 bytes; an event is a few hundred.
    await sql`SELECT pg_notify(${this.channel}, ${JSON.stringify(event)})`.execute(this.db);
  }

  async subscribe(handler: Handler): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('the revocation bus is closed');
    this.#handlers.add(handler);
    try {
      await this.#listen();
    } catch (error) {
      this.#handlers.delete(handler);
      throw translateFailure(postgresDialect, error);
    }
    return async () => {
      this.#handlers.delete(handler);
      if (this.#handlers.size === 0) await this.#stopListening();
    };
  }

  /** Stops listening for good. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
    await this.#stopListening();
  }

  #listen(): Promise<void> {
    if (this.#listener) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.clientConfig);
    // Errors on this connection end it; the 'end' handler below reconnects. Never crash the process.
    client.on('error', () => {});
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.#deliver(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed || this.#handlers.size === 0) {
      await client.end().catch(() => {});
      return;
    }
    client.on('end', () => this.#lost(client));
    this.#listener = client;
    this.#retryDelayMs = firstRetryDelayMs;
  }

  #deliver(payload: string): void {
    let event: RevocationEvent;
    try {
      event = JSON.parse(payload) as RevocationEvent;
    } catch {
      return;
    }
    for (const handler of [...this.#handlers]) {
      try {
        handler(structuredClone(event));
      } catch {
        // Handlers must not throw (port contract); one that does must not silence the others.
      }
    }
  }

  #lost(client: pg.Client): void {
    if (this.#listener !== client) return;
    this.#listener = undefined;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#handlers.size === 0 || this.#retryTimer) return;
    const delay = this.#retryDelayMs;
    this.#retryDelayMs = Math.min(delay * 2, maxRetryDelayMs);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#listen().catch(() => this.#scheduleReconnect());
    }, delay);
    this.#retryTimer.unref();
  }

  async #stopListening(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.#connecting?.catch(() => {});
    if (this.#handlers.size > 0 && !this.#closed) return; // someone subscribed meanwhile
    const client = this.#listener;
    this.#listener = undefined;
    await client?.end().catch(() => {});
  }
}
