/**
 * Every Redis key and channel Tessera uses, derived from one prefix.
 *
 * No key carries a hash tag: each command the stores send touches exactly one key, so every
 * operation is slot-safe in Redis Cluster without co-locating anything (see the session store's
 * header for how cross-key consistency is kept without multi-key transactions). The prefix may
 * therefore not contain `{` or `}`: a tag in the prefix would pin every key to one slot.
 */
export class KeySpace {
  constructor(readonly prefix: string) {
    if (/[{}]/.test(prefix)) {
      throw new TypeError('Redis key prefix must not contain braces (a hash tag would pin every key to one slot)');
    }
  }

  /** The session record (a hash), found by the hash of the cookie's token. */
  session(tokenHash: string): string {
    return `${this.prefix}sess:${tokenHash}`;
  }
  /** Pointer from the public session id to the record's token hash, user and absolute expiry. */
  sessionId(id: string): string {
    return `${this.prefix}sid:${id}`;
  }
  /** Sorted set of a user's session token hashes, scored by when each record expires. */
  userSessions(userId: string): string {
    return `${this.prefix}usess:${userId}`;
  }
  denied(kind: 'jti' | 'sid', value: string): string {
    return `${this.prefix}deny:${kind}:${value}`;
  }
  /**
   * Sentinel written once the denylist has been seeded from the durable revocation log; a Redis
   * without it has lost (or never had) the denylist. Outside `deny:*`, so listing never sees it.
   */
  denylistSeeded(): string {
    return `${this.prefix}deny-seeded`;
  }
  /** The token of the seed in progress: a seed completes only if Redis kept it throughout. */
  denylistSeeding(): string {
    return `${this.prefix}deny-seeding`;
  }
  /** SCAN pattern that matches every denylist key and nothing else. */
  deniedPattern(): string {
    return `${escapeGlob(this.prefix)}deny:*`;
  }
  /** Parses a denylist key back into its entry; null for anything else. */
  parseDenied(key: string): { kind: 'jti' | 'sid'; value: string } | null {
    const head = `${this.prefix}deny:`;
    if (!key.startsWith(head)) return null;
    const rest = key.slice(head.length);
    const kind = rest.slice(0, 4);
    if (kind !== 'jti:' && kind !== 'sid:') return null;
    return { kind: kind === 'jti:' ? 'jti' : 'sid', value: rest.slice(4) };
  }
  revocationChannel(): string {
    return `${this.prefix}revocations`;
  }
}

/** Escapes Redis glob metacharacters (`* ? [ ] \`) so a prefix matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
