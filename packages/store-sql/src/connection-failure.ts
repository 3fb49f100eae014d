// Which driver errors mean "the database cannot be reached or cannot serve right now" (the
// server answers 503 and fails closed) rather than "this statement is wrong" (a bug: 500).

/** Socket-level failures Node reports while connecting or talking to a server. */
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * SQLSTATEs (PostgreSQL Appendix A) that describe the server or the connection, not the query:
 * class 08 connection exceptions, class 53 insufficient resources (too many connections, disk
 * full, out of memory), 57P01-57P05 shutdown and crash, 57014 statement timeout / cancel.
 */
const postgresUnavailableStates = /^(08|53|57P0[1-5]$|57014$)/;

/** Messages pg and pg-pool use for failures that carry no code. */
const postgresUnavailableMessages =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|connection ended|cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : '';
}

/** True for network errors, including an `AggregateError` of them (Node's happy-eyeballs connect). */
function isNetworkFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && networkErrorCodes.has(code)) return true;
  return error instanceof AggregateError && error.errors.some(isNetworkFailure);
}

export function isPostgresConnectionFailure(error: unknown): boolean {
  if (isNetworkFailure(error)) return true;
  const code = codeOf(error);
  if (code !== undefined && postgresUnavailableStates.test(code)) return true;
  return postgresUnavailableMessages.test(messageOf(error));
}

/**
 * SQLite result codes (https://sqlite.org/rescode.html) for a database that is locked past
 * `busy_timeout`, unreadable or unwritable; better-sqlite3 reports extended codes such as
 * `SQLITE_BUSY_SNAPSHOT` or `SQLITE_IOERR_WRITE`, hence the prefix match.
 */
const sqliteUnavailableCodes = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|NOLFS)(_|$)/;

export function isSqliteConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && sqliteUnavailableCodes.test(code)) return true;
  return /database connection is not open/i.test(messageOf(error));
}
