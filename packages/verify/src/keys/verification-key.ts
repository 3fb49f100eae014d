import { KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { signatureCheck, signatureLength, type Algorithm, type SignatureCheck } from '../jws/algorithms.js';
import { isSmallOrderEd25519Point } from './ed25519-small-order.js';

/** RFC 7518 §3.3 / §3.5: RSA keys for RS256/PS256 must have a modulus of at least 2048 bits. */
const MIN_RSA_MODULUS_BITS = 2048;

/**
 * A public key ready for the hot path: the algorithms it may be used with (RFC 8725 §3.1: pinned
 * to the key's type) and a synchronous `node:crypto` check for each.
 */
export interface VerificationKey {
  readonly kid: string;
  /** Allowed algorithm → its check. An algorithm not in here is refused for this key. */
  readonly checks: ReadonlyMap<string, SignatureCheck>;
  /** The exact signature length in bytes (RSA: the modulus length). */
  readonly signatureLength: number;
}

/** The algorithms a key type can serve at all. Other key types (P-384, Ed448, oct…) are not used. */
function algorithmsForKeyType(jwk: JWK): readonly Algorithm[] {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return ['EdDSA', 'Ed25519'];
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return ['ES256'];
  if (jwk.kty === 'RSA') return ['RS256', 'PS256'];
  return [];
}

/** Only the public members: a JWKS that wrongly carries `d`, `p`, `q`… never gets them imported. */
function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  const out: JWK = { kty: kty };
  if (crv !== undefined) out.crv = crv;
  if (x !== undefined) out.x = x;
  if (y !== undefined) out.y = y;
  if (n !== undefined) out.n = n;
  if (e !== undefined) out.e = e;
  return out;
}

/**
 * Imports one JWK from a key set with `jose.importJWK` and turns it into a {@link VerificationKey},
 * or returns `undefined` when the key must not be used: no `kid`, not a signing key, a symmetric
 * key (never taken from a JWKS), a key type or `alg` outside `allowed`, an RSA modulus under 2048
 * bits, or an Ed25519 point of small order.
 */
export async function importVerificationKey(candidate: unknown, allowed: ReadonlySet<Algorithm>): Promise<VerificationKey | undefined> {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const jwk = candidate as JWK;
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0) return undefined;
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return undefined;
  let algorithms = algorithmsForKeyType(jwk).filter((alg) => allowed.has(alg));
  // A key that names its algorithm is used with that one only (RFC 7517 §4.4, RFC 8725 §3.1).
  if (jwk.alg !== undefined) algorithms = algorithms.filter((alg) => alg === jwk.alg || (jwk.alg === 'EdDSA' && alg === 'Ed25519') || (jwk.alg === 'Ed25519' && alg === 'EdDSA'));
  const first = algorithms[0];
  if (first === undefined) return undefined;
  let key: KeyObject;
  try {
    const imported = await importJWK(publicMembers(jwk), first);
    if (imported instanceof Uint8Array) return undefined;
    key = KeyObject.from(imported);
  } catch {
    return undefined;
  }
  if (key.type !== 'public') return undefined;
  let modulusBytes = 0;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_MODULUS_BITS) return undefined;
    modulusBytes = Math.ceil(bits / 8);
  }
  if (key.asymmetricKeyType === 'ed25519' && isSmallOrderEd25519Point(Buffer.from(String(jwk.x), 'base64url'))) return undefined;
  const checks = new Map<string, SignatureCheck>();
  for (const alg of algorithms) checks.set(alg, signatureCheck(alg, key));
  return Object.freeze({ kid: jwk.kid, checks, signatureLength: signatureLength(first, modulusBytes) });
}
