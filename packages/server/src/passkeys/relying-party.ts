import { isIP } from 'node:net';

/** Who the passkeys are for (WebAuthn Level 3 §5.1.3 `rp`) and which page origins may use them. */
export interface RelyingParty {
  /** The RP ID: the issuer's host name. */
  id: string;
  name: string;
  /** Origins a ceremony may come from (`clientDataJSON.origin`, §7.1 step 9). */
  origins: string[];
  /** True when the issuer names an IP address: passkeys then work at `http://localhost:PORT` only. */
  localhostStandIn: boolean;
}

/**
 * The RP ID is the issuer's host (WebAuthn §5.1.3: a registrable domain suffix of the page's
 * origin). An IP address cannot be an RP ID, so an issuer like the default `http://127.0.0.1:PORT`
 * gets `localhost` (same port), the one name browsers treat as a secure context over plain HTTP.
 */
export function relyingPartyFor(issuer: string): RelyingParty {
  const url = new URL(issuer);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) return { id: url.hostname, name: 'Tessera', origins: [url.origin], localhostStandIn: false };
  const local = new URL(url.origin);
  local.hostname = 'localhost';
  return { id: 'localhost', name: 'Tessera', origins: [local.origin], localhostStandIn: true };
}
