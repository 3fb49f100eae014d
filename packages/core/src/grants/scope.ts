import { InvalidScopeError, InvalidTargetError } from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';

/** RFC 6749 §3.3: a space-delimited set. Asking for nothing means the client's whole allowance. */
export function resolveScope(client: ClientRecord, requested: string | undefined, ceiling: string[] = client.scopes): string {
  if (requested === undefined || requested.trim() === '') return ceiling.join(' ');
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  for (const scope of scopes) {
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope) || !ceiling.includes(scope)) {
      throw new InvalidScopeError('requested scope is not allowed');
    }
  }
  return scopes.join(' ');
}

/** RFC 8707: the audience must be one the client is registered for; the first is the default. */
export function resolveAudience(client: ClientRecord, requested: string | undefined): string {
  if (requested === undefined || requested === '') {
    const fallback = client.audiences[0];
    if (fallback === undefined) throw new InvalidTargetError('client has no audience');
    return fallback;
  }
  if (!client.audiences.includes(requested)) throw new InvalidTargetError('requested audience is not allowed for this client');
  return requested;
}
