/**
 * Encodings of the Ed25519 points of small order (orders 1, 2, 4 and 8), as in libsodium's
 * blocklist. OpenSSL's Ed25519 verify does not refuse them: with the identity as public key,
 * the signature `R = identity, S = 0` verifies for every message. A JWKS is trusted, but a key
 * that lets anyone sign is never what an operator meant, so such keys are not imported.
 * The sign bit (top bit of the last byte) is ignored when comparing, which also covers the
 * non-canonical twins.
 */
const SMALL_ORDER_POINTS: readonly Buffer[] = [
  // 0 (order 4)
  '0000000000000000000000000000000000000000000000000000000000000000',
  // 1: the identity (order 1)
  '0100000000000000000000000000000000000000000000000000000000000000',
  // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  // p - 1 (order 2)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  // p, non-canonical 0 (order 4)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  // p + 1, non-canonical 1 (order 1)
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) => Buffer.from(hex, 'hex'));

/** True when the 32-byte encoded Ed25519 public key is a point of small order. */
export function isSmallOrderEd25519Point(encoded: Uint8Array): boolean {
  if (encoded.length !== 32) return false;
  return SMALL_ORDER_POINTS.some((point) => {
    for (let i = 0; i < 31; i++) if (point[i] !== encoded[i]) return false;
    return ((encoded[31] ?? 0) & 0x7f) === point[31];
  });
}
