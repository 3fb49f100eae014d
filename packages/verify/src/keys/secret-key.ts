import type { KeyObject } from 'node:crypto';
import { signatureCheck } from '../jws/algorithms.js';
import type { KeyResolver } from './key-resolver.js';
import type { VerificationKey } from './verification-key.js';

/**
 * The one HS256 key of a single-service setup (a shared `secret`). Any `kid` maps to it; no key is
 * ever fetched. Only HS256 is accepted with it.
 */
export class SecretKeyResolver implements KeyResolver {
  readonly #key: VerificationKey;
  readonly #ready = Promise.resolve();
  readonly reloadable = false;

  constructor(secret: KeyObject) {
    this.#key = Object.freeze({ kid: '', checks: new Map([['HS256', signatureCheck('HS256', secret)]]), signatureLength: 32 });
  }

  get(): VerificationKey {
    return this.#key;
  }

  load(): Promise<VerificationKey> {
    return Promise.resolve(this.#key);
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  loadedAt(): number {
    return 0;
  }
}
