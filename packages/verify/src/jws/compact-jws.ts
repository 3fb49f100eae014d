import { VerifyError } from '../verify-error.js';
import { MAX_TOKEN_LENGTH } from './token-limits.js';
import { base64urlToUtf8, transientSignature } from './transient-bytes.js';

export { MAX_TOKEN_LENGTH } from './token-limits.js';

/** The protected header fields the verifier reads. Everything else (jku, x5u, jwk, x5c…) is ignored. */
export interface JwsHeader {
  readonly alg: string;
  readonly kid: string | undefined;
  /** `typ` lower-cased without an `application/` prefix (RFC 7515 §4.1.9), or undefined. */
  readonly typ: string | undefined;
}

/** A compact JWS split once and its header decoded; the payload and signature left encoded. */
export interface CompactJws {
  readonly header: JwsHeader;
  readonly headerSegment: string;
  /** `BASE64URL(header) || '.' || BASE64URL(payload)`, the bytes the signature covers. */
  readonly signingInput: string;
  readonly payloadSegment: string;
  /** Decoded (into a reused buffer) only at the moment of verification: see {@link decodeSignature}. */
  readonly signatureSegment: string;
  /** True when the header came from the {@link HeaderCache} (no need to add it again). */
  readonly headerCached: boolean;
}

/**
 * Splits a compact JWS (RFC 7515 §7.1) and decodes its header with as little work as possible:
 * one scan for the two dots, one `JSON.parse` for a header seen for the first time (`headers`
 * remembers decoded headers by their exact segment).
 *
 * Throws `VerifyError` `token_malformed` for anything that is not three base64url segments, and
 * `unsupported_algorithm` for `alg: none` in any casing.
 */
export function splitCompactJws(token: string, headers?: HeaderCache): CompactJws {
  if (token.length > MAX_TOKEN_LENGTH) throw new VerifyError('token_malformed', `token is longer than ${MAX_TOKEN_LENGTH} bytes`);
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || second === first + 1 || token.indexOf('.', second + 1) !== -1) {
    throw new VerifyError('token_malformed', 'token is not a compact JWS');
  }
  const headerSegment = token.slice(0, first);
  const cached = headers?.get(headerSegment);
  const header = cached ?? decodeHeader(headerSegment);
  const signatureSegment = token.slice(second + 1);
  return {
    header,
    headerSegment,
    headerCached: cached !== undefined,
    signingInput: token.slice(0, second),
    payloadSegment: token.slice(first + 1, second),
    signatureSegment,
  };
}

/** Decodes the payload segment as a JSON object (after the signature is checked). */
export function decodePayload(payloadSegment: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(base64urlToUtf8(payloadSegment));
  } catch {
    throw new VerifyError('token_malformed', 'token payload is not JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new VerifyError('token_malformed', 'token payload is not a JSON object');
  }
  return payload as Record<string, unknown>;
}

/** Lower-cases a media type and drops an `application/` prefix (RFC 7515 §4.1.9). */
export function normalizeMediaType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function decodeHeader(segment: string): JwsHeader {
  const bytes = Buffer.from(segment, 'base64url');
  // Canonical base64url only: Buffer's decoder skips foreign characters and ignores trailing bits.
  if (bytes.toString('base64url') !== segment) throw new VerifyError('token_malformed', 'token header is not base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new VerifyError('token_malformed', 'token header is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new VerifyError('token_malformed', 'token header is not a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  const { alg, kid, typ } = fields;
  if (typeof alg !== 'string') throw new VerifyError('token_malformed', 'token header has no "alg"');
  // RFC 8725 §3.1 / §2.1: an unsecured JWS is never acceptable, whatever the casing.
  if (alg.toLowerCase() === 'none') throw new VerifyError('unsupported_algorithm', 'unsecured tokens ("alg": "none") are refused');
  if (kid !== undefined && typeof kid !== 'string') throw new VerifyError('token_malformed', 'token header "kid" is not a string');
  // RFC 7515 §4.1.11: critical extensions we do not implement (e.g. RFC 7797 "b64") must be refused.
  if ('crit' in fields) throw new VerifyError('token_malformed', 'token header has unsupported critical parameters');
  return Object.freeze({ alg, kid, typ: typeof typ === 'string' ? normalizeMediaType(typ) : undefined });
}

/** The 6-bit value of a base64url character known to be in the alphabet. */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a-z
  if (code >= 65) return code - 65; // A-Z
  if (code >= 48) return code + 4; // 0-9
  return code === 45 ? 62 : 63; // - or _
}

/**
 * Decodes the signature, accepting only canonical unpadded base64url (RFC 7515 §2). Buffer's
 * decoder also takes `+`, `/` and `=`, skips foreign characters and ignores non-zero trailing
 * bits, so many strings could stand for one signature. Cheaper than a regular expression: a
 * skipped character shows as a short decode, the other three are searched for directly.
 *
 * The result lives in a reused buffer: use it synchronously, before any other verification runs.
 */
export function decodeSignature(segment: string): Buffer {
  const length = segment.length;
  const spare = length % 4;
  const signature = transientSignature(segment);
  if (
    spare === 1 ||
    signature.length !== (length * 3) >> 2 ||
    segment.includes('+') ||
    segment.includes('/') ||
    segment.includes('=') ||
    (spare !== 0 && (sextet(segment.charCodeAt(length - 1)) & (spare === 2 ? 0x0f : 0x03)) !== 0)
  ) {
    throw new VerifyError('invalid_signature', 'token signature is not canonical base64url');
  }
  return signature;
}

/**
 * Decoded headers by their exact base64url segment, so a token whose header was seen before skips
 * the header's base64 + JSON work. Callers add a header only after its signature verified, so a
 * flood of forged headers cannot push the real ones out. Bounded (a real deployment has one header
 * per key and algorithm).
 */
export class HeaderCache {
  readonly #entries = new Map<string, JwsHeader>();

  constructor(private readonly maxEntries = 64) {}

  get(segment: string): JwsHeader | undefined {
    return this.#entries.get(segment);
  }

  set(segment: string, header: JwsHeader): void {
    if (this.#entries.has(segment)) return;
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(segment, header);
  }

  clear(): void {
    this.#entries.clear();
  }
}
